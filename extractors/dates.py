"""Dates in running text (placeholder until the rules land)."""

from __future__ import annotations

from corpus.model import DateMention


def find_dates(text: str) -> list[DateMention]:
    """Every date, month, year, period or range in `text`."""
    return []
