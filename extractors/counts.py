"""Counts: a number followed by a counted noun ("31 đảng viên", "hơn 4,7 ngàn đảng viên").

A number is a Count only when a unit from `data/units.json` follows it, which already rules
out years, dates, times, phone numbers, badge tiers ("30 năm tuổi Đảng") and anniversaries;
`data/count_rules.json` removes names and ordinals ("Chi bộ 18 có…", "lần thứ 2"). Those are
character rules, at regex speed. What is counted (`subject`) comes from the tagged sentence
instead: the noun phrase after the unit, with a linked phrase ("là công nhân lao động",
"trong các doanh nghiệp"), by the patterns in `data/count_patterns.json`, so qualifiers need no
word list; the character rule stays as the fallback where there are no tokens.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.model import Count
from extractors import tokens
from extractors.numbers import NumberSpan, find_numbers

DATA_DIR = Path(__file__).resolve().parent / "data"

# Where a clause ends, looking back from a number (for indicator and change words).
_CLAUSE_END = re.compile(r"[.;:!?\n]|, (?=\d)")
_SUBJECT_END = re.compile(r"[,.;:!?()\n]| và | cùng | với | đạt | nhận | được | có thành tích")


@dataclass(frozen=True)
class _Rules:
    units: tuple[str, ...]
    measures: tuple[str, ...]
    money: tuple[str, ...]
    per: re.Pattern[str]
    not_unit_after: dict[str, tuple[str, ...]]
    not_after: re.Pattern[str]
    not_after_capitalised: re.Pattern[str]
    still_count_after: re.Pattern[str]
    change_before: re.Pattern[str]
    change_after: re.Pattern[str]
    subject_links: tuple[str, ...]
    subject_modifiers: tuple[str, ...]
    back_references: tuple[str, ...]
    subject_not_before: tuple[str, ...]
    indicators: tuple[dict, ...]


def _alts(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _words_re(words: list[str], at_end: bool) -> re.Pattern[str]:
    alts = _alts(words)
    if at_end:
        return re.compile(rf"(?<!\w)(?:{alts})\s*$", re.IGNORECASE)
    return re.compile(rf"(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE)


def _capitalised_re(words: list[str]) -> re.Pattern[str]:
    """Words written with a capital ("Kết luận", "KẾT LUẬN"), ending right before the number."""
    forms = [w[:1].upper() + w[1:] for w in words] + [w.upper() for w in words]
    return re.compile(rf"(?<!\w)(?:{_alts(forms)})\s*$")


@lru_cache(maxsize=1)
def _rules() -> _Rules:
    units = json.loads((DATA_DIR / "units.json").read_text(encoding="utf-8"))
    rules = json.loads((DATA_DIR / "count_rules.json").read_text(encoding="utf-8"))
    indicators = json.loads((DATA_DIR / "indicators.json").read_text(encoding="utf-8"))
    return _Rules(
        units=tuple(sorted(units["counted"], key=len, reverse=True)),
        measures=tuple(sorted(units["measures"], key=len, reverse=True)),
        money=tuple(sorted(units["money"], key=len, reverse=True)),
        per=re.compile(rf"/(?:{_alts(units['per'])})(?!\w)", re.IGNORECASE),
        not_unit_after={k: tuple(v) for k, v in units["not_unit_after"].items()},
        not_after=_words_re(rules["not_after"], at_end=True),
        not_after_capitalised=_capitalised_re(rules["not_after_capitalised"]),
        still_count_after=_words_re(rules["still_count_after"], at_end=True),
        change_before=_words_re(rules["change_before"], at_end=False),
        change_after=_words_re(rules["change_after"], at_end=False),
        subject_links=tuple(rules["subject_links"]),
        subject_modifiers=tuple(rules["subject_modifiers"]),
        back_references=tuple(rules["back_references"]),
        subject_not_before=tuple(rules["subject_not_before"]),
        indicators=tuple(indicators["indicators"]),
    )


def _starts_with_word(s: str, word: str) -> bool:
    return s[: len(word)].lower() == word.lower() and not (len(s) > len(word) and (s[len(word)].isalnum()))


def _unit_at(text: str, pos: int, span: NumberSpan) -> tuple[str, int, str] | None:
    """The unit written at `pos` (after one space), its end, and its kind ("money", "measure",
    "counted"). A rate's divisors stay in the unit ("triệu đồng/năm")."""
    rules = _rules()
    if text[pos : pos + 1] != " ":
        return None
    rest = text[pos + 1 : pos + 60]
    candidates = (
        [(u, "money") for u in rules.money]
        + [(u, "measure") for u in rules.measures]
        + [(u, "counted") for u in rules.units]
    )
    best: tuple[str, str] | None = None
    for u, kind in candidates:
        if _starts_with_word(rest, u) and (best is None or len(u) > len(best[0])):
            best = (u, kind)
    if best is None:
        return None
    u, kind = best
    after = rest[len(u) :].lstrip().lower()
    if any(_starts_with_word(after, w) for w in rules.not_unit_after.get(u.lower(), ())):
        return None
    end = len(u)
    while (per := rules.per.match(rest, end)) is not None:
        end = per.end()
    return rest[:end], pos + 1 + end, kind


def _clause_before(text: str, start: int) -> tuple[int, str]:
    """The clause before `start` (back to the previous clause break) and where it starts."""
    window_start = max(0, start - 160)
    window = text[window_start:start]
    last = None
    for m in _CLAUSE_END.finditer(window):
        last = m
    cut = window_start + (last.end() if last else 0)
    return cut, text[cut:start]


def _subject(text: str, unit: str, unit_end: int) -> str:
    """The unit with the qualifiers that follow it: "đảng viên là công nhân lao động"."""
    rules = _rules()
    rest = text[unit_end : unit_end + 120]
    stripped = rest.lstrip(" ")
    for mod in rules.subject_modifiers:
        if _starts_with_word(stripped, mod):
            unit = f"{unit} {stripped[: len(mod)]}"
            stripped = stripped[len(mod) :].lstrip(" ")
            break
    link = next((w for w in rules.subject_links if _starts_with_word(stripped, w)), None)
    if link is None:
        return unit
    after_link = stripped[len(link) :].lstrip(" ")
    if any(_starts_with_word(after_link, w) for w in rules.subject_not_before):
        return unit
    end = _SUBJECT_END.search(stripped)
    tail = stripped[: end.start()] if end else stripped
    return f"{unit} {tail.strip()}".strip()


@lru_cache(maxsize=1)
def _max_links() -> int:
    return int(json.loads((DATA_DIR / "count_patterns.json").read_text(encoding="utf-8"))["_max_links"])


def _longest_from(doc: object, rule: str, k: int) -> int | None:
    """End token of the longest match of `rule` that starts at token k, or None."""
    if k >= len(doc):  # type: ignore[arg-type]
        return None
    m = tokens.matcher("count_patterns")
    ends = [e for r, s, e in m(doc[k:]) if s == 0 and doc.vocab.strings[r] == rule]  # type: ignore[index, attr-defined]
    return k + max(ends) if ends else None


_STRETCH_END = re.compile(r"[,.;:!?()\n]")
_STRETCH_MAX = 120


def pos_subject(text: str, unit_start: int, unit_end: int, context_start: int | None = None) -> str | None:
    """The unit with the noun phrase after it, read from tokens (see module doc).

    Only the stretch from the number (`context_start`) to the clause break is tagged (tagging
    is the slow step and a subject never crosses a comma). None when no token starts right
    after the unit.
    """
    rest = text[unit_end : unit_end + 2].lstrip(" ")
    if not rest[:1].isalpha() or _SUBJECT_END.match(text, unit_end):
        return text[unit_start:unit_end]  # punctuation, the end or a verb follows: nothing to tag
    brk = _STRETCH_END.search(text, unit_end, unit_end + _STRETCH_MAX)
    if brk:
        end = brk.start() + (brk.group() != "\n")  # the break itself: the tagger reads a clause's end better
    elif unit_end + _STRETCH_MAX >= len(text):
        end = len(text)
    else:
        end = text.rfind(" ", unit_end, unit_end + _STRETCH_MAX)
    if end <= unit_end:
        end = min(len(text), unit_end + _STRETCH_MAX)
    doc = tokens.tag(text, unit_start if context_start is None else context_start, end)
    k = tokens.token_at(doc, unit_end)
    if k is None or k == 0 or tokens.token_end(doc, k - 1) > unit_end:
        return None  # the unit ends inside a word ("2 người dân"): not this unit
    end_tok = _longest_from(doc, "SUBJECT_NP", k) or k
    for _ in range(_max_links()):
        nxt = _longest_from(doc, "SUBJECT_LINK", end_tok)
        if nxt is None:
            break
        end_tok = nxt
    stop = tokens.token_end(doc, end_tok - 1) if end_tok > k else unit_end
    return " ".join(text[unit_start:stop].split())


def _has_phrase(haystack: str, phrases: list[str]) -> bool:
    return any(re.search(rf"(?<!\w){re.escape(w)}(?!\w)", haystack) for w in phrases)


def _indicator(unit: str, clause: str, after: str) -> str | None:
    u = unit.lower()
    clause_l = clause.lower()
    if _not_an_indicator(clause_l):
        return None
    after_l = re.split(r"[,.;:!?()\n]", after.lower(), maxsplit=1)[0]
    for ind in _rules().indicators:
        if u not in ind["units"] or _has_phrase(clause_l, ind.get("not_before", [])):
            continue
        if _has_phrase(clause_l, ind["before"]) or _has_phrase(after_l, ind["after"]):
            return str(ind["id"])
    return None


def _not_an_indicator(clause_l: str) -> bool:
    """A breakdown, a target or an excess: no indicator, and none inherited from a list either."""
    return _has_phrase(clause_l, _indicator_blockers())


@lru_cache(maxsize=1)
def _indicator_blockers() -> list[str]:
    return json.loads((DATA_DIR / "indicators.json").read_text(encoding="utf-8")).get("not_before", [])


def _best_subject(text: str, unit: str, unit_end: int, start: int) -> str:
    """The subject from tokens, else (no token starts after the unit) from the character rule."""
    try:
        found = pos_subject(text, unit_end - len(unit), unit_end, start)
    except (ValueError, KeyError, IndexError):  # a tagging slip must not lose the count
        found = None
    return found if found else _subject(text, unit, unit_end)


def count_from_span(text: str, span: NumberSpan) -> Count | None:
    """A Count for one number span, or None when no counted noun follows it."""
    rules = _rules()
    if span.value_to is not None:
        return None  # a range ("từ 30 đến 60 năm tuổi Đảng") is not one figure
    if span.words and span.value == 1:
        return None  # "một đảng viên" is an article, not a statistic
    found = _unit_at(text, span.end, span)
    if found is None:
        return None
    unit, unit_end, kind = found
    is_money = kind == "money"
    value = span.value
    if is_money:
        if span.multiplier:
            unit = f"{span.multiplier} {unit}"
            value = span.base
    elif kind == "counted" and span.multiplier is None and not span.words and "," in text[span.start : span.end]:
        return None  # "2,5 người" is not a count of things; decimals are amounts with money/area units
    follows = text[unit_end : unit_end + 12].lstrip(" ")
    if any(_starts_with_word(follows, w) for w in rules.back_references):
        return None  # "3 chi bộ này" refers back to a figure already given
    head = text[max(0, span.start - 40) : span.start]  # an approximation word in between unblocks
    blocked = rules.not_after.search(head) or rules.not_after_capitalised.search(head)
    if blocked and not rules.still_count_after.search(head):
        return None
    clause_start, clause = _clause_before(text, span.text_start)
    after = text[unit_end : unit_end + 60]
    near_before = clause[-25:]
    change = bool(rules.change_before.search(near_before)) or bool(
        rules.change_after.match(after.lstrip(" ").lower()[:12])
    )
    return Count(
        start=span.text_start,
        end=unit_end,
        evidence=text[span.text_start : unit_end],
        rule="count.number_unit" + (".money" if is_money else ""),
        value=value,
        unit=unit,
        subject=unit if is_money else _best_subject(text, unit, unit_end, span.text_start),
        approximate=span.approximate,
        indicator=None if is_money else _indicator(unit, clause, after),
        change=change,
        total=span.total,
    )


@lru_cache(maxsize=1)
def _from_to_rules() -> dict:
    return json.loads((DATA_DIR / "count_rules.json").read_text(encoding="utf-8"))["change_from_to"]


def _from_to_counts(text: str, spans: list[NumberSpan]) -> list[Count]:
    """ "số đảng viên tăng từ 620 lên 1.985": the new figure counts, with the unit named before."""
    rules = _from_to_rules()
    out = []
    for a, b in zip(spans, spans[1:], strict=False):
        between = text[a.end : b.start].strip().lower()
        before = text[max(0, a.start - 5) : a.start].lower()
        if between not in rules["to"] or not re.search(r"(?<!\w)từ\s$", before):
            continue
        _, clause = _clause_before(text, a.text_start)
        marker = re.search(rf"(?<!\w){rules['subject_marker']} ", clause, re.IGNORECASE)
        if marker is None:
            continue
        rest = clause[marker.end() :]
        unit = next((u for u in _rules().units if _starts_with_word(rest, u)), None)
        if unit is None:
            continue
        start = a.text_start - len(clause) + marker.start()
        out.append(
            Count(
                start=start,
                end=b.end,
                evidence=text[start : b.end],
                rule="count.from_to",
                value=b.value,
                unit=rest[: len(unit)],
                subject=rest[: len(unit)],
                approximate=b.approximate,
                indicator=None,
                change=False,
            )
        )
    return out


@lru_cache(maxsize=1)
def _unit_before_re() -> re.Pattern[str]:
    rules = json.loads((DATA_DIR / "count_rules.json").read_text(encoding="utf-8"))["unit_before"]
    units = _alts(list(_rules().units) + list(_rules().measures))
    links = _alts(rules["links"])
    return re.compile(rf"(?<!\w)(?:{_alts(rules['markers'])}) (?P<unit>{units})(?: ?(?:{links}))? $", re.IGNORECASE)


def _unit_before_count(text: str, span: NumberSpan) -> Count | None:
    """ "với số phiếu 24/24": a figure with its unit named before it, after "số"."""
    if span.value_to is not None or span.words or text[span.end : span.end + 1] == "%":
        return None
    if span.total is not None and (span.total < span.value or 1900 <= span.total <= 2100):
        return None  # not a share of a whole: a date such as "12/2024"
    m = _unit_before_re().search(text, max(0, span.text_start - 60), span.text_start)
    if m is None:
        return None
    return Count(
        start=m.start(),
        end=span.end,
        evidence=text[m.start() : span.end],
        rule="count.unit_before",
        value=span.value,
        unit=m["unit"],
        subject=m["unit"],
        approximate=span.approximate,
        indicator=None,
        change=False,
        total=span.total,
    )


_FIRST_WORD = re.compile(r" *(\w+)")
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")


@lru_cache(maxsize=1)
def _elided_rules() -> dict:
    return json.loads((DATA_DIR / "count_rules.json").read_text(encoding="utf-8"))["elided_unit"]


def _elided_count(text: str, span: NumberSpan, prev: Count | None, prev_number_end: int) -> Count | None:
    """ "7 tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ, 24 hoàn thành tốt nhiệm vụ": a bare
    figure in a list, followed by the same predicate as the count before it, counts that unit."""
    rules = _elided_rules()
    if prev is None or prev.rule.endswith(".money") or span.words or span.value_to is not None:
        return None
    if span.total is not None or _YEAR_LIKE.fullmatch(text[span.start : span.end]):
        return None
    gap = text[prev.end : span.text_start]
    if len(gap) > rules["max_gap"] or re.search(r"[.!?\n:]|\d", gap):
        return None
    if not any(gap.endswith(sep) for sep in rules["separators"]):
        return None
    ours = _FIRST_WORD.match(text, span.end)
    theirs = _FIRST_WORD.match(text, prev_number_end if prev.rule == "count.elided_unit" else prev.end)
    if ours is None or theirs is None or text[span.end : span.end + 1] != " ":
        return None
    word = ours.group(1).lower()
    if word != theirs.group(1).lower() or word in rules["not_predicates"]:
        return None
    return Count(
        start=span.text_start,
        end=span.end,
        evidence=text[span.text_start : span.end],
        rule="count.elided_unit",
        value=span.value,
        unit=prev.unit,
        subject=prev.unit,
        approximate=span.approximate,
        indicator=None,
        change=False,
    )


def find_counts(text: str, numbers: list[NumberSpan] | None = None) -> list[Count]:
    """Every Count in `text`, in order. `numbers` may pass an existing `find_numbers` result."""
    if not isinstance(text, str) or not text:
        return []
    spans = find_numbers(text) if numbers is None else numbers
    out: list[Count] = []
    prev_end = 0  # where the number of the last count ends
    for span in spans:
        prev = out[-1] if out else None
        c = count_from_span(text, span) or _unit_before_count(text, span) or _elided_count(text, span, prev, prev_end)
        if c is None:
            continue
        prev_end = span.end
        if (
            c.indicator is None
            and not _not_an_indicator(_clause_before(text, c.start)[1].lower())
            and prev is not None
            and prev.indicator is not None
            and (prev.unit or "").lower() == (c.unit or "").lower()
            and not re.search(r"[.!?\n]", text[prev.end : c.start])
        ):
            c.indicator = prev.indicator  # a list after one verb: "kết nạp 31 đảng viên…; 5 đảng viên…"
        out.append(c)
    extra = [c for c in _from_to_counts(text, spans) if not any(c.start < o.end and o.start < c.end for o in out)]
    return sorted(out + extra, key=lambda c: c.start)
