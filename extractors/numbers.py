"""Vietnamese numbers in running text: digits ("1.234", "12,5"), multipliers ("4,7 ngàn") and words.

Own parser because Vietnamese writing swaps the English separators ("." groups thousands,
"," marks decimals) and general libraries mis-read mixed text ("năm 2020" is a year, not 5).
`parse_number` reads one number; `find_numbers` scans a text and returns spans with the
approximation word before them and "từ X đến Y" ranges joined.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

Number = int | float


@dataclass(frozen=True)
class NumberSpan:
    """One number found in a text; `start`/`end` cover the figure (and its multiplier word).

    `qualifier_start` is where the approximation word begins (== `start` without one), so a
    fact's evidence can include "hơn" in "hơn 1 ngàn". `base` is the value as written before
    the multiplier word (money keeps the multiplier in its unit).
    """

    start: int
    end: int
    value: Number
    base: Number
    multiplier: str | None = None
    approximate: str | None = None
    qualifier_start: int = -1
    value_to: Number | None = None
    total: Number | None = None
    words: bool = False

    @property
    def text_start(self) -> int:
        return self.qualifier_start if self.qualifier_start >= 0 else self.start


@dataclass(frozen=True)
class _Vocab:
    digits: dict[str, int]
    after_tens_only: frozenset[str]
    ten: frozenset[str]
    tens_marker: frozenset[str]
    hundred: frozenset[str]
    zero_tens: frozenset[str]
    half: frozenset[str]
    multipliers: dict[str, int]
    qualifiers: tuple[tuple[str, str], ...]
    range_from: tuple[str, ...]
    range_to: tuple[str, ...]

    @property
    def all_words(self) -> frozenset[str]:
        return (
            frozenset(self.digits)
            | self.ten
            | self.tens_marker
            | self.hundred
            | self.zero_tens
            | (self.half)
            | frozenset(self.multipliers)
        )


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    words = json.loads((DATA_DIR / "number_words.json").read_text(encoding="utf-8"))
    approx = json.loads((DATA_DIR / "approximation.json").read_text(encoding="utf-8"))
    return _Vocab(
        digits=dict(words["digits"]),
        after_tens_only=frozenset(words["after_tens_only"]),
        ten=frozenset(words["ten"]),
        tens_marker=frozenset(words["tens_marker"]),
        hundred=frozenset(words["hundred"]),
        zero_tens=frozenset(words["zero_tens"]),
        half=frozenset(words["half"]),
        multipliers=dict(words["multipliers"]),
        qualifiers=tuple((q, k) for q, k in approx["qualifiers"]),
        range_from=tuple(approx["range_from"]),
        range_to=tuple(approx["range_to"]),
    )


# Digits as Vietnamese write them: thousands grouped by "." (groups of exactly three), decimals
# after ",". Not part of a longer token: letters ("a188532"), a date "12.5", a time "21:49",
# a document number "35-CT" or a term "2020-2025" is excluded by the lookarounds.
_DIGITS = r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+(?:,\d+)?"
_DIGITS_RE = re.compile(rf"(?<![\w.,:/])(?<!\w-)(?:{_DIGITS})(?![\w]|[.,:]\d|-\w)")
_FULL_DIGITS_RE = re.compile(rf"^(?:{_DIGITS})$")


def _to_number(d: Decimal) -> Number:
    return int(d) if d == d.to_integral_value() else float(d)


def _parse_digits(s: str) -> Decimal | None:
    if not _FULL_DIGITS_RE.match(s):
        return None
    try:
        return Decimal(s.replace(".", "").replace(",", "."))
    except InvalidOperation:
        return None


def _parse_words(words: list[str]) -> Decimal | None:
    """Read a sequence of number words ("hai trăm linh năm"); None when it is not well formed."""
    v = _vocab()
    total = Decimal(0)
    group = Decimal(0)  # the part below the current multiplier
    pending: int | None = None  # a digit word waiting for its place
    last_unit = Decimal(1)  # the place of the last word, for "rưỡi"
    after_tens = False  # just read "mươi"/"mười": "mốt", "lăm", "tư" are allowed
    prev_mult: int | None = None  # the multiplier just read, if the last word was one
    seen_any = False
    for w in words:
        if w in v.digits:
            if pending is not None:
                return None  # two digit words in a row: "hai năm" is not a number
            if w in v.after_tens_only and not after_tens:
                return None
            pending = v.digits[w]
            after_tens = False
            last_unit = Decimal(1)
        elif w in v.ten:
            if pending is not None:
                return None
            group += 10
            last_unit = Decimal(10)
            after_tens = True
        elif w in v.tens_marker:
            if pending is None or pending < 1:
                return None
            group += pending * 10
            pending = None
            last_unit = Decimal(10)
            after_tens = True
        elif w in v.hundred:
            group += (pending if pending is not None else 1) * 100
            pending = None
            last_unit = Decimal(100)
            after_tens = False
        elif w in v.zero_tens:
            if pending is not None or not seen_any:
                return None
            after_tens = False
        elif w in v.half:
            if pending is not None or last_unit < 100:
                return None  # "rưỡi" halves a hundred or a multiplier: "hai nghìn rưỡi" is 2500
            if last_unit >= 1000:
                total += last_unit / 2
            else:
                group += last_unit / 2
        elif w in v.multipliers:
            mult = v.multipliers[w]
            part = group + (pending or 0)
            if part == 0 and prev_mult is not None and mult > prev_mult:
                total *= mult  # "ba nghìn tỷ": a run of multipliers multiplies what came before
            else:
                total += (part if part != 0 else Decimal(1)) * mult
            group, pending = Decimal(0), None
            last_unit = Decimal(mult)
            after_tens = False
        else:
            return None
        prev_mult = v.multipliers.get(w)
        seen_any = True
    if not seen_any:
        return None
    return total + group + (pending or 0)


def parse_number(s: str, expand_multiplier: bool = True) -> Number | None:
    """The value of one number as written: "1.234", "12,5", "1,2 triệu", "ba mươi mốt".

    Multiplier words ("ngàn", "triệu", "tỷ") are expanded unless `expand_multiplier` is
    False, in which case the figure before them is returned (money keeps the multiplier in
    its unit). Returns None for anything that is not a single number.
    """
    if not isinstance(s, str):
        return None
    parts = s.strip().split()
    if not parts:
        return None
    v = _vocab()
    first = _parse_digits(parts[0])
    if first is not None:
        if len(parts) == 1:
            return _to_number(first)
        if len(parts) <= 3 and all(p.lower() in v.multipliers for p in parts[1:]):
            if not expand_multiplier:
                return _to_number(first)
            return _to_number(first * _multiplier_value(" ".join(parts[1:])))
        return None
    words = [p.lower() for p in parts]
    if not expand_multiplier:
        k = len(words)
        while k > 1 and words[k - 1] in v.multipliers:
            k -= 1
        if not set(words[:k]) & set(v.multipliers):
            words = words[:k]  # "ba nghìn tỷ" -> 3: the run of multipliers stays in the unit
    value = _parse_words(words)
    return None if value is None else _to_number(value)


_WORD_RE = re.compile(r"\w+")
_MULT_WORD_RE = re.compile(r" (\w+)\b")


def _word_spans(text: str) -> list[re.Match[str]]:
    return list(_WORD_RE.finditer(text))


def _find_word_numbers(text: str) -> list[NumberSpan]:
    """Runs of number words separated by single spaces, trimmed from the right until they parse."""
    v = _vocab()
    vocab = v.all_words
    found: list[NumberSpan] = []
    matches = _word_spans(text)
    i = 0
    while i < len(matches):
        if matches[i].group().lower() not in vocab:
            i += 1
            continue
        j = i
        while (
            j + 1 < len(matches)
            and matches[j + 1].group().lower() in vocab
            and text[matches[j].end() : matches[j + 1].start()] == " "
        ):
            j += 1
        run = matches[i : j + 1]
        k = len(run)
        while k > 0:
            words = [m.group().lower() for m in run[:k]]
            if words[0] not in v.multipliers and words[0] not in v.zero_tens and words[0] not in v.half:
                value = _parse_words(words)
                followed_by_digit = re.match(r" \d", text[run[k - 1].end() : run[k - 1].end() + 2])
                if value is not None and not followed_by_digit:
                    n_mult = 0
                    while n_mult < k - 1 and words[k - 1 - n_mult] in v.multipliers:
                        n_mult += 1
                    mult = " ".join(words[k - n_mult :]) if n_mult else None
                    base = _parse_words(words[: k - n_mult]) if mult else value
                    found.append(
                        NumberSpan(
                            start=run[0].start(),
                            end=run[k - 1].end(),
                            value=_to_number(value),
                            base=_to_number(base if base is not None else value),
                            multiplier=mult,
                            words=True,
                        )
                    )
                    break
            k -= 1
        i = i + max(k, 1)
    return found


def _multiplier_value(words: str) -> int:
    """ "nghìn tỷ" is a thousand billions: a run of multiplier words multiplies."""
    mults = _vocab().multipliers
    value = 1
    for w in words.lower().split():
        value *= mults[w]
    return value


def _multiplier_run(text: str, end: int) -> tuple[str, int] | None:
    """The multiplier words right after a figure, one space apart ("91,4 nghìn tỷ"; at most two),
    and where they end; None when none follows."""
    mults = _vocab().multipliers
    words: list[str] = []
    pos = end
    while len(words) < 2:
        m = _MULT_WORD_RE.match(text, pos)
        if m is None or m.group(1).lower() not in mults:
            break
        words.append(m.group(1))
        pos = m.end()
    return (" ".join(words), pos) if words else None


def _find_digit_numbers(text: str) -> list[NumberSpan]:
    found: list[NumberSpan] = []
    for m in _DIGITS_RE.finditer(text):
        d = _parse_digits(m.group())
        if d is None:
            continue
        end = m.end()
        mult = None
        value = d
        run = _multiplier_run(text, end)
        if run:
            mult, end = run
            value = d * _multiplier_value(mult)
        total = None
        frac = re.match(r"/(\d+)(?![\w/-]|[.,]\d)", text[m.end() : m.end() + 12])
        if frac and mult is None:
            total = int(frac.group(1))
            end = m.end() + frac.end()
        elif text[m.end() : m.end() + 1] == "/" or (m.start() > 0 and text[m.start() - 1] == "/"):
            continue  # part of a date or a document number
        found.append(
            NumberSpan(
                start=m.start(),
                end=end,
                value=_to_number(value),
                base=_to_number(d),
                multiplier=mult,
                total=total,
            )
        )
    return found


def _qualifier(text: str, start: int) -> tuple[str | None, int]:
    """The approximation word right before `start` (one space apart) and where it begins."""
    before = text[max(0, start - 20) : start]
    for phrase, kind in _vocab().qualifiers:
        m = re.search(rf"(?<!\w){re.escape(phrase)}\s$", before, flags=re.IGNORECASE)
        if m:
            return kind, start - (len(before) - m.start())
    return None, -1


def _join_ranges(text: str, spans: list[NumberSpan]) -> list[NumberSpan]:
    """Join "từ 5 đến 7" into one span with `value_to`."""
    v = _vocab()
    out: list[NumberSpan] = []
    i = 0
    while i < len(spans):
        a = spans[i]
        if i + 1 < len(spans):
            b = spans[i + 1]
            between = text[a.end : b.start].strip().lower()
            before = text[max(0, a.start - 6) : a.start].lower()
            has_from = any(re.search(rf"(?<!\w){w}\s$", before) for w in v.range_from)
            if has_from and between in v.range_to:
                out.append(
                    NumberSpan(
                        start=a.start,
                        end=b.end,
                        value=a.value,
                        base=a.base,
                        multiplier=b.multiplier,
                        value_to=b.value,
                        words=a.words,
                    )
                )
                i += 2
                continue
        out.append(a)
        i += 1
    return out


def find_numbers(text: str) -> list[NumberSpan]:
    """Every number in `text`, in order, with its approximation word and ranges joined."""
    if not isinstance(text, str) or not text:
        return []
    spans = _find_digit_numbers(text) + _find_word_numbers(text)
    spans.sort(key=lambda s: (s.start, -s.end))
    kept: list[NumberSpan] = []
    for s in spans:
        if kept and s.start < kept[-1].end:
            continue
        kept.append(s)
    kept = _join_ranges(text, kept)
    out: list[NumberSpan] = []
    for s in kept:
        kind, qstart = _qualifier(text, s.start)
        if kind is not None and s.value_to is None:
            s = NumberSpan(
                start=s.start,
                end=s.end,
                value=s.value,
                base=s.base,
                multiplier=s.multiplier,
                approximate=kind,
                qualifier_start=qstart,
                value_to=s.value_to,
                total=s.total,
                words=s.words,
            )
        out.append(s)
    return out
