"""Vietnamese text in, facts out: `extract_facts(text, body_start)`.

Runs every finder over the normalized article text and reports a fact stated twice (headline,
lead or caption and again in the body) once, at its body mention (SCHEMA.md §1). A finder
that fails on some odd input loses its facts for that text, never the whole article.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from corpus.model import Award, Count, DateMention, Fact, Facts, Location, Official, Percentage
from extractors.awards import find_awards
from extractors.counts import find_counts
from extractors.dates import find_dates, parse_published
from extractors.numbers import NumberSpan, find_numbers
from extractors.officials import find_officials
from extractors.page_noise import trailer_lines
from extractors.percentages import about_from_counts, find_percentages
from extractors.places import article_place, find_locations

EXTRACTOR_VERSION = "0.1.0"

__all__ = ["EXTRACTOR_VERSION", "article_place", "extract_facts"]

log = logging.getLogger(__name__)


def _safe(name: str, fn: Callable[[], list[Any]]) -> list[Any]:
    """A finder's facts, or none when it fails: one bad rule must not lose the article."""
    try:
        return list(fn())
    except Exception as exc:  # noqa: BLE001 - reported, never raised to the user
        log.warning("extractor %s failed: %s: %s", name, type(exc).__name__, exc)
        return []


def _key(fact: Fact) -> tuple[Any, ...]:
    """What makes two mentions the same fact, regardless of where they stand."""
    if isinstance(fact, Count):
        return ("count", fact.value, (fact.unit or "").lower(), fact.change)
    if isinstance(fact, Percentage):
        return ("percentage", fact.value)
    if isinstance(fact, Official):
        return ("official", fact.name.lower())
    if isinstance(fact, Award):
        return ("award", fact.award.lower(), fact.collectives, fact.individuals, tuple(fact.recipients))
    if isinstance(fact, DateMention):
        return ("date", fact.value, fact.value_to)
    if isinstance(fact, Location):
        return ("location", fact.name.lower())
    return ("fact", fact.evidence.lower())


def _line_bounds(text: str, offset: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    return start, end if end >= 0 else len(text)


def _after(text: str, fact: Fact) -> str:
    """The fact and what follows it on its line: equal for a headline and its copy."""
    _, line_end = _line_bounds(text, fact.start)
    return " ".join(text[fact.start : min(line_end, fact.end + 40)].lower().split())


def _around(text: str, fact: Fact) -> str:
    """The fact with a little of its line on both sides: equal for a repeated caption."""
    line_start, _ = _line_bounds(text, fact.start)
    return " ".join(text[max(line_start, fact.start - 20) : fact.start].lower().split()) + "|" + _after(text, fact)


def _headline_like(text: str, fact: Fact) -> bool:
    """A short line without a closing stop: a headline or a caption standing in the body."""
    start, end = _line_bounds(text, fact.start)
    line = text[start:end].rstrip()
    return len(line) <= 150 and not line.endswith((".", "!", "?", ";", ":", "…", ","))


def _dedupe(
    text: str,
    facts: list[Fact],
    body_start: int,
    once_per_article: bool = False,
    numbers: list[NumberSpan] | None = None,
) -> list[Fact]:
    """Drop repeats: a headline, lead or caption restated in the body, and repeated captions.

    A body mention that reads exactly like a headline one (a headline printed twice), or
    stands in a short line without a full stop (a headline or caption in the body), counts
    as headline. With `once_per_article` (officials), a key is kept once whatever the context.
    """
    head_after = {(_key(f), _after(text, f)) for f in facts if f.start < body_start}

    def is_head(f: Fact) -> bool:
        return f.start < body_start or (_key(f), _after(text, f)) in head_after or _headline_like(text, f)

    in_body = {_key(f) for f in facts if not is_head(f)}
    seen: set[tuple[Any, ...]] = set()
    out: list[Fact] = []
    # Body mentions first, so that the surviving mention is the body's; of headline-like
    # mentions only, the last (the lead's rather than the title's) stands for them all.
    for f in sorted(facts, key=lambda f: (is_head(f), -f.start if is_head(f) else f.start)):
        key = _key(f)
        if is_head(f) and key in in_body:
            continue
        ctx = key if once_per_article or f.start < body_start else key + (_around(text, f),)
        if ctx in seen:
            continue
        seen.add(ctx)
        out.append(f)
    out.sort(key=lambda f: (f.start, f.end))
    return _drop_restated(text, out, numbers or [])


_SENTENCE_END = (".", "!", "?", "\n")


def _prev_number(text: str, numbers: list[NumberSpan], offset: int) -> NumberSpan | None:
    """The number just before `offset` in the same sentence, or None."""
    prev = None
    for n in numbers:
        if n.end > offset:
            break
        prev = n
    if prev is None or any(c in text[prev.end : offset] for c in _SENTENCE_END):
        return None
    return prev


def _drop_restated(text: str, facts: list[Fact], numbers: list[NumberSpan]) -> list[Fact]:
    """A figure restated in a later sentence after the same figure ("năm 2022 … kết nạp 87
    đảng viên" in the lead and again in the body) is one fact: keep the later mention."""
    if not numbers:
        return facts
    last: dict[tuple[Any, ...], int] = {}
    for i, f in enumerate(facts):
        prev = _prev_number(text, numbers, f.start)
        if prev is not None:
            last[(_key(f), prev.value)] = i
    out = []
    for i, f in enumerate(facts):
        prev = _prev_number(text, numbers, f.start)
        j = last.get((_key(f), prev.value)) if prev is not None else None
        if j is not None and j != i:
            g = facts[j]
            between = text[f.end : g.start]
            if any(c in between for c in _SENTENCE_END):
                continue  # restated later, in another sentence
        out.append(f)
    return out


def _readable_date(published: str | None) -> str | None:
    try:
        return published if parse_published(published) else None
    except ValueError:
        return None


def extract_facts(text: str, body_start: int = 0, published: str | None = None) -> Facts:
    """Every fact in a normalized article text; `body_start` is where the body begins in it.

    `published` (ISO 8601) anchors relative dates ("năm ngoái", "hôm qua"); an unreadable
    value is ignored rather than losing the article's dates.

    Never raises on a string; a non-string is a caller's bug and raises TypeError.
    """
    if not isinstance(text, str):
        raise TypeError(f"extract_facts expects the article text as str, not {type(text).__name__}")
    if not text.strip():
        return Facts()
    body_start = min(max(0, int(body_start)), len(text))
    numbers: list[NumberSpan] = _safe("numbers", lambda: find_numbers(text))
    facts = Facts(
        counts=_safe("counts", lambda: find_counts(text, numbers)),
        percentages=_safe("percentages", lambda: find_percentages(text, numbers)),
        officials=_safe("officials", lambda: find_officials(text)),
        awards=_safe("awards", lambda: find_awards(text)),
        dates=_safe("dates", lambda: find_dates(text, _readable_date(published))),
        locations=_safe("locations", lambda: find_locations(text)),
    )
    _safe("percentage subjects", lambda: about_from_counts(text, facts.percentages, facts.counts) or [])
    noise = _safe("page noise", lambda: trailer_lines(text))
    for name, found in facts.items():
        valid = [f for f in found if 0 <= f.start < f.end <= len(text) and text[f.start : f.end] == f.evidence]
        if len(valid) != len(found):
            log.warning("extractor %s gave %d facts whose evidence is not the text", name, len(found) - len(valid))
        # other articles' headlines under "Các tin khác": their figures are not this article's
        valid = [f for f in valid if not any(a <= f.start < b for a, b in noise)]
        setattr(
            facts,
            name,
            _dedupe(text, valid, body_start, once_per_article=(name == "officials"), numbers=numbers),
        )
    return facts
