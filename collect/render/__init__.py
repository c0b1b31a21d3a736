"""Rendering: the report site, letter drafts and the text helpers they share."""
