"""Percentages: "62%", "12,5%", "15 phần trăm", with their kind (attainment, share, change).

The kind comes from the verb governing the figure: "đạt … chỉ tiêu/kế hoạch" (or a bare "đạt N%"
right after a count) is attainment, "chiếm"/"tỷ lệ" a share, "tăng"/"giảm" a change. Word
lists live in `data/percent_rules.json`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from corpus.model import Count, Percentage
from extractors.numbers import NumberSpan, find_numbers

DATA_DIR = Path(__file__).resolve().parent / "data"

_CLAUSE_BREAK = re.compile(r"[.;:!?\n(]|, ")
_ABOUT_END = re.compile(r"[,.;:!?()\n]| so với | so cùng kỳ | và | trong khi ")


@lru_cache(maxsize=1)
def _rules() -> dict:
    return json.loads((DATA_DIR / "percent_rules.json").read_text(encoding="utf-8"))


def _last_word_pos(clause: str, words: list[str]) -> int:
    """Where the last of `words` occurs in `clause` (-1 when none)."""
    best = -1
    for w in words:
        for m in re.finditer(rf"(?<!\w){re.escape(w)}(?!\w)", clause, re.IGNORECASE):
            best = max(best, m.start())
    return best


def _sign_after(text: str, end: int) -> int | None:
    """End of the percent sign right after a number, or None."""
    for sign in _rules()["signs"]:
        m = re.match(rf" ?{re.escape(sign)}(?!\w)", text[end : end + len(sign) + 2])
        if m:
            return end + m.end()
    return None


def _kind(text: str, start: int, sign_end: int) -> str | None:
    kinds = _rules()["kinds"]
    window = text[max(0, start - 120) : start]
    breaks = list(_CLAUSE_BREAK.finditer(window))
    clause = window[breaks[-1].end() :] if breaks else window
    after = text[sign_end : sign_end + 40].lstrip(" ,").lower()
    if any(after.startswith(w) for w in kinds["attainment_after"]):
        return "attainment"
    found = {
        "attainment": _last_word_pos(clause, kinds["attainment_before"]),
        "share": _last_word_pos(clause, kinds["share_before"]),
        "change": _last_word_pos(clause, kinds["change_before"]),
    }
    kind, pos = max(found.items(), key=lambda kv: kv[1])
    if pos >= 0:
        return kind
    if any(after.startswith(w) for w in kinds["share_after"]):
        return "share"
    if text[sign_end : sign_end + 1] == " " and after[:1].isalpha() and not any(
        after.startswith(w) for w in kinds["not_share_after"]
    ):
        return "share"  # "92,3% tổ chức cơ sở đảng …": a share of what follows
    return None


def _about(text: str, sign_end: int) -> str | None:
    rest = text[sign_end : sign_end + 120].lstrip(" ")
    m = _ABOUT_END.search(rest)
    about = (rest[: m.start()] if m else rest).strip()
    return about or None


def percentage_from_span(text: str, span: NumberSpan) -> Percentage | None:
    """A Percentage for a number followed by "%" or "phần trăm", else None."""
    if span.multiplier or span.value_to is not None or span.total is not None:
        return None
    sign_end = _sign_after(text, span.end)
    if sign_end is None:
        return None
    start = span.text_start
    return Percentage(
        start=start,
        end=sign_end,
        evidence=text[start:sign_end],
        rule="percent.sign",
        value=float(span.value),
        kind=_kind(text, start, sign_end),
        about=_about(text, sign_end),
    )


def find_percentages(text: str, numbers: list[NumberSpan] | None = None) -> list[Percentage]:
    """Every percentage in `text`, in order. `numbers` may pass an existing `find_numbers` result."""
    if not isinstance(text, str) or not text:
        return []
    spans = find_numbers(text) if numbers is None else numbers
    return [p for s in spans if (p := percentage_from_span(text, s)) is not None]


_ATTAINED_AFTER_COUNT = re.compile(r"^,?\s*(?:đạt|bằng|vượt)\s+(?:(?:khoảng|gần|hơn|trên)\s+)?$", re.IGNORECASE)


def about_from_counts(text: str, percentages: list[Percentage], counts: list[Count]) -> None:
    """ "kết nạp 31 đảng viên là công nhân, đạt 62%": the attainment is about what was counted
    just before it, so its `about` takes that count's subject, keeping the target it names
    ("… so với chỉ tiêu", "… kế hoạch")."""
    for p in percentages:
        targets = ("so với", *_rules()["kinds"]["attainment_after"])
        if p.kind != "attainment" or (p.about and not p.about.lower().startswith(targets)):
            continue  # an about of its own ("đạt 95% số hộ …") stands
        nearest = max((c for c in counts if c.end <= p.start), key=lambda c: c.end, default=None)
        if nearest is None or not nearest.subject or nearest.rule.endswith(".money"):
            continue  # an amount of money is not what a plan's attainment is about
        # the subject may run past the count's own span ("31 đảng viên là công nhân lao động, đạt 62%")
        if not _ATTAINED_AFTER_COUNT.match(text[_subject_stop(text, nearest) : p.start]):
            continue
        subject_end = nearest
        target = p.about if not p.about or p.about.lower().startswith("so với") else f"so với {p.about}"
        p.about = subject_end.subject + (f" {target}" if target else "")


def _subject_stop(text: str, count: Count) -> int:
    """Where the count's subject phrase ends in the text (its unit's end when it is not found)."""
    at = text.find(count.subject or "", count.start)
    return at + len(count.subject) if at >= 0 and count.subject else count.end
