"""Aging buckets from days overdue and the policy's upper bounds."""

from __future__ import annotations

from collect.model.records import bucket_names

__all__ = ["bucket", "bucket_names"]


def bucket(days_overdue: int, bounds: list[int]) -> str:
    """``current`` when not overdue; else the first bucket whose upper bound holds it."""
    if days_overdue <= 0:
        return "current"
    low = 1
    for bound in bounds:
        if days_overdue <= bound:
            return f"{low}-{bound}"
        low = bound + 1
    return f"{bounds[-1]}+" if bounds else "1+"
