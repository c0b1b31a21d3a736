"""Validation of ledger input: problems are reported as sentences, not exceptions."""
