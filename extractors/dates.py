"""Dates in running text, to ISO values (SCHEMA.md §1 DateMention).

Own rules rather than dateparser, which read 63% of the single dates in the annotated articles
and none of the terms and periods ("nhiệm kỳ 2020-2025", "6 tháng đầu năm"), and turned "83%"
into 1983. A date without a year is partial ("--11-27"); a period has `value_to`.

Relative expressions ("năm ngoái", "hôm qua", "7 tháng qua", "từ đầu năm đến nay") are resolved
against the article's publication date when the caller knows it; without it a relative year, month
or day keeps an empty `value` (the mention is still reported), and a period inside an unnamed year
keeps partial months ("--01" to "--07").
"""

from __future__ import annotations

import calendar
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

from corpus.model import DateMention
from extractors.numbers import parse_number

DATA_DIR = Path(__file__).resolve().parent / "data"

Got = tuple[str, str | None, str] | None
Handler = Callable[[re.Match[str], "date | None"], Got]


class DateError(ValueError):
    """A publication date that cannot be read as ISO 8601."""


@dataclass(frozen=True)
class _Rule:
    id: str
    pattern: re.Pattern[str]
    handler: Handler


def _alts(words: list[str] | dict[str, object]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def _ymd(y: str | int | None, m: str | int, d: str | int | None = None) -> str | None:
    mi = int(m)
    if not 1 <= mi <= 12:
        return None
    if d is not None:
        di = int(d)
        if not 1 <= di <= 31:
            return None
        return f"{int(y):04d}-{mi:02d}-{di:02d}" if y else f"--{mi:02d}-{di:02d}"
    return f"{int(y):04d}-{mi:02d}" if y else f"--{mi:02d}"


def _year_ok(y: str | None) -> bool:
    return y is not None and 1800 <= int(y) <= 2100


def _nearest_year(pub: date, month: int, day: int = 15) -> int:
    """The year that puts month/day nearest the publication date ("ngày 27-11" in a January
    article is last November; "quý II" in a March article is this year's)."""
    best = pub.year
    best_gap: int | None = None
    for y in (pub.year - 1, pub.year, pub.year + 1):
        d = min(day, calendar.monthrange(y, month)[1])
        gap = abs((date(y, month, d) - pub).days)
        if best_gap is None or gap < best_gap:
            best, best_gap = y, gap
    return best


def _last_day(y: int | None, m: int) -> int | None:
    if y is None:
        return None if m == 2 else calendar.monthrange(2001, m)[1]
    return calendar.monthrange(y, m)[1]


def parse_published(published: str | None) -> date | None:
    """The calendar date of an ISO 8601 publication value ("2024-03-15T08:30:00+07:00")."""
    if published is None:
        return None
    if not isinstance(published, str):
        raise DateError(f"published must be an ISO 8601 string, not {type(published).__name__}")
    try:
        return date.fromisoformat(published.strip()[:10])
    except ValueError:
        raise DateError(f"published is not an ISO 8601 date: {published!r}") from None


@lru_cache(maxsize=1)
def _words() -> dict:
    return json.loads((DATA_DIR / "date_words.json").read_text(encoding="utf-8"))


def _after_quantifier(m: re.Match[str]) -> bool:
    """ "3 năm nay", "những năm tới": a duration or a plural, not one year."""
    before = m.string[max(0, m.start() - 20) : m.start()].split()
    if not before:
        return False
    last = before[-1].casefold()
    return last in _words()["not_after_relative"] or parse_number(last) is not None


@lru_cache(maxsize=1)
def _rules() -> list[_Rule]:
    w = _words()
    day = _alts(w["day_markers"])
    join = _alts(w["range_joiners"])
    term = _alts(w["term_words"])
    first, last = _alts(w["half_first"]), _alts(w["half_last"])
    quarters: dict[str, int] = w["quarters"]
    q_alts = _alts(list(quarters))
    since, now = _alts(w["since_words"]), _alts(w["until_now"])
    so_far = _alts(w["year_start_to_now"])
    past = _alts(w["months_so_far"])
    rel_suffix: dict[str, int] = w["relative_year_suffixes"]
    rel_years: dict[str, int] = w["relative_years"]
    rel_months: dict[str, int] = w["relative_months"]
    rel_days: dict[str, int] = w["relative_days"]
    edge_last, edge_vague = _alts(w["month_last_day"]), _alts(w["month_vague"])
    no_follow = _alts(w["not_before_year_edge"])
    sep = r"[/.-]"
    nb = r"(?<![\w/.,-])"  # not inside a longer token
    ne = r"(?![\w/-]|[.,]\d)"
    y_rel = rf"(?:(?P<y>\d{{4}})|(?P<rel>{_alts(rel_suffix)}))"

    def is_first(side: str) -> bool:
        return re.fullmatch(first, side, re.IGNORECASE) is not None

    def year_of(m: re.Match[str], pub: date | None, month: int) -> tuple[int | None, bool]:
        """(year, known): a written year, a relative one resolved, or the nearest to publication."""
        if m["y"]:
            return (int(m["y"]), True) if _year_ok(m["y"]) else (None, False)
        rel = m.groupdict().get("rel")
        if rel:
            return (pub.year + rel_suffix[rel.casefold()], True) if pub else (None, False)
        return (_nearest_year(pub, month), True) if pub else (None, True)

    def full_range(m: re.Match[str], pub: date | None) -> Got:
        a, b = _ymd(m["y1"], m["m1"], m["d1"]), _ymd(m["y2"], m["m2"], m["d2"])
        return (a, b, "range") if a and b and _year_ok(m["y1"]) and _year_ok(m["y2"]) else None

    def day_range(m: re.Match[str], pub: date | None) -> Got:
        y = m["y"] or (_nearest_year(pub, int(m["m"])) if pub and 1 <= int(m["m"]) <= 12 else None)
        a, b = _ymd(y, m["m"], m["d1"]), _ymd(y, m["m"], m["d2"])
        return (a, b, "range") if a and b else None

    def full_date(m: re.Match[str], pub: date | None) -> Got:
        if m.groupdict().get("s1") != m.groupdict().get("s2") or not _year_ok(m["y"]):
            return None
        v = _ymd(m["y"], m["m"], m["d"])
        return (v, None, "date") if v else None

    def words_date(m: re.Match[str], pub: date | None) -> Got:
        if m["y"]:
            return full_date(m, pub)
        return day_month(m, pub)

    def day_month(m: re.Match[str], pub: date | None) -> Got:
        mo_, d_ = int(m["m"]), int(m["d"])
        if not 1 <= mo_ <= 12:
            return None
        y = _nearest_year(pub, mo_, d_) if pub else None
        v = _ymd(y, mo_, d_)
        return (v, None, "date") if v else None

    def month_edge(m: re.Match[str], pub: date | None) -> Got:
        mo_ = int(m["m"])
        if not 1 <= mo_ <= 12:
            return None
        y, _ = year_of(m, pub, mo_)
        if m["y"] and y is None:
            return None
        if re.fullmatch(edge_last, m["edge"], re.IGNORECASE):
            d_ = _last_day(y, mo_)
            if d_ is not None:
                return _ymd(y, mo_, d_), None, "date"
        return _ymd(y, mo_), None, "month"

    def month(m: re.Match[str], pub: date | None) -> Got:
        v = _ymd(m["y"], m["m"]) if _year_ok(m["y"]) else None
        return (v, None, "month") if v else None

    def months_period(lo: int, hi: int, m: re.Match[str], pub: date | None) -> Got:
        y, known = year_of(m, pub, hi)
        if not known:
            return "", None, "period"
        return _ymd(y, lo), _ymd(y, hi), "period"

    def count_of(m: re.Match[str]) -> int | None:
        n = parse_number(m["n"])
        return n if isinstance(n, int) and 1 <= n <= 12 else None

    def half(m: re.Match[str], pub: date | None) -> Got:
        n = count_of(m)
        if n is None:
            return None
        lo, hi = (1, n) if is_first(m["side"]) else (13 - n, 12)
        return months_period(lo, hi, m, pub)

    def first_months(m: re.Match[str], pub: date | None) -> Got:
        n = count_of(m)
        return None if n is None else months_period(1, n, m, pub)

    def quarter(m: re.Match[str], pub: date | None) -> Got:
        q = quarters.get(m["q"].upper())
        return None if q is None else months_period(3 * q - 2, 3 * q, m, pub)

    def years(m: re.Match[str], pub: date | None) -> Got:
        y1, y2 = m["y1"], m["y2"]
        if not (_year_ok(y1) and _year_ok(y2) and int(y1) < int(y2) <= int(y1) + 30):
            return None
        return y1, y2, "period"

    def since_year(m: re.Match[str], pub: date | None) -> Got:
        if not _year_ok(m["y"]):
            return None
        return m["y"], (str(pub.year) if pub else None), "period"

    def year_so_far(m: re.Match[str], pub: date | None) -> Got:
        if pub is None:
            return "--01", None, "period"
        return _ymd(pub.year, 1), _ymd(pub.year, pub.month), "period"

    def edge_year(m: re.Match[str], pub: date | None) -> Got:
        mo_ = 1 if is_first(m["side"]) else 12
        if m["y"] is None and m["rel"] is None:  # bare "đầu năm": this year, seen from publication
            return (f"{pub.year}-{mo_:02d}" if pub else f"--{mo_:02d}"), None, "month"
        if m["rel"] and pub is None:
            return "", None, "month"
        y, _ = year_of(m, pub, mo_)
        return (f"{y:04d}-{mo_:02d}", None, "month") if y is not None else None

    def relative(table: dict[str, int], unit: str) -> Handler:
        def handle(m: re.Match[str], pub: date | None) -> Got:
            if _after_quantifier(m):
                return None
            kind = {"year": "year", "month": "month", "day": "date"}[unit]
            if pub is None:
                return "", None, kind
            off = table[m[0].casefold()]
            if unit == "year":
                return str(pub.year + off), None, kind
            if unit == "month":
                k = pub.year * 12 + pub.month - 1 + off
                return _ymd(k // 12, k % 12 + 1), None, kind
            return (pub + timedelta(days=off)).isoformat(), None, kind

        return handle

    def year(m: re.Match[str], pub: date | None) -> Got:
        return (m["y"], None, "year") if _year_ok(m["y"]) else None

    def year_span(m: re.Match[str], pub: date | None) -> Got:
        y1, y2 = m["y1"], m["y2"]
        return (y1, y2, "range") if _year_ok(y1) and _year_ok(y2) and int(y1) < int(y2) else None

    def bare_month(m: re.Match[str], pub: date | None) -> Got:
        mo_ = int(m["m"])
        if not 1 <= mo_ <= 12 or _after_quantifier(m):
            return None  # "3 tháng 12 hộ", "mỗi tháng 12 cuộc": a duration or a rate, not a month
        return _ymd(_nearest_year(pub, mo_) if pub else None, mo_), None, "month"

    d, mo, y4 = r"(?P<d>\d{1,2})", r"(?P<m>\d{1,2})", r"(?P<y>\d{4})"
    num_word = r"(?P<n>\d{1,2}|[^\W\d]+(?: [^\W\d]+)?)"
    i = re.IGNORECASE
    return [
        _Rule(
            "date.full_range",
            re.compile(
                rf"(?P<op>\()?{nb}(?P<d1>\d{{1,2}}){sep}(?P<m1>\d{{1,2}}){sep}(?P<y1>\d{{4}})\s*[-–]\s*"
                rf"(?P<d2>\d{{1,2}}){sep}(?P<m2>\d{{1,2}}){sep}(?P<y2>\d{{4}}){ne}(?(op)\))"
            ),
            full_range,
        ),
        _Rule(
            "date.day_range",
            re.compile(
                rf"(?:(?:từ|hai) )?ngày (?P<d1>\d{{1,2}}) ?(?:{join}) ?(?P<d2>\d{{1,2}}){sep}{mo}"
                rf"(?:{sep}{y4})?{ne}",
                i,
            ),
            day_range,
        ),
        _Rule("date.words", re.compile(rf"ngày {d} tháng {mo}(?: năm {y4})?{ne}", i), words_date),
        _Rule("date.numeric", re.compile(rf"{nb}(?:ngày )?{d}(?P<s1>{sep}){mo}(?P<s2>{sep}){y4}{ne}", i), full_date),
        _Rule(
            "date.day_month",
            re.compile(rf"(?<!\w)(?:{day}),? (?P<op>\()?{d}[/.-]{mo}{ne}(?(op)\)?)", i),
            day_month,
        ),
        _Rule(
            "date.month_edge",
            re.compile(rf"(?<!\w)(?P<edge>{edge_last}|{edge_vague}) tháng {mo}(?:(?:[/-]| năm ){y4})?(?P<rel>){ne}", i),
            month_edge,
        ),
        _Rule("date.month", re.compile(rf"(?<!\w)tháng {mo}(?:[/-]| năm ){y4}{ne}", i), month),
        _Rule(
            "date.half_year",
            re.compile(rf"(?<!\w){num_word} tháng (?P<side>{first}|{last}) năm(?: {y_rel})?(?!\w)", i),
            half,
        ),
        _Rule(
            "date.months_of_year", re.compile(rf"(?<!\w){num_word} tháng (?:của )?năm {y_rel}(?!\w)", i), first_months
        ),
        _Rule(
            "date.months_so_far",
            re.compile(rf"(?<!\w){num_word} tháng (?:{past})(?P<y>)(?P<rel>)(?!\w)", i),
            first_months,
        ),
        _Rule(
            "date.quarter",
            re.compile(rf"(?<!\w)quý (?P<q>{q_alts})(?:(?:/| năm ){y_rel})?(?!\w)", i),
            quarter,
        ),
        _Rule("date.year_span", re.compile(r"\((?P<y1>\d{4}) ?[-–] ?(?P<y2>\d{4})\)"), year_span),
        _Rule(
            "date.term",
            re.compile(rf"(?<!\w)(?:(?:{term}) )?(?P<y1>\d{{4}}) ?[-–] ?(?P<y2>\d{{4}}){ne}", i),
            years,
        ),
        _Rule("date.since", re.compile(rf"(?<!\w)(?:{since}) {y4} (?:{now})(?!\w)", i), since_year),
        _Rule("date.year_so_far", re.compile(rf"(?<!\w)(?:{so_far})(?!\w)", i), year_so_far),
        _Rule(
            "date.edge_year",
            re.compile(rf"(?<!\w)(?P<side>{first}|{last}) năm(?: {y_rel})?(?! (?:{no_follow})(?!\w)){ne}", i),
            edge_year,
        ),
        _Rule(
            "date.relative_year", re.compile(rf"(?<!\w)(?:{_alts(rel_years)})(?!\w)", i), relative(rel_years, "year")
        ),
        _Rule(
            "date.relative_month",
            re.compile(rf"(?<!\w)(?:{_alts(rel_months)})(?!\w)", i),
            relative(rel_months, "month"),
        ),
        _Rule("date.relative_day", re.compile(rf"(?<!\w)(?:{_alts(rel_days)})(?!\w)", i), relative(rel_days, "day")),
        _Rule("date.year", re.compile(rf"(?<!\w)năm {y4}{ne}", i), year),
        _Rule("date.birth_year", re.compile(rf"(?<!\w)(?:{_alts(w['birth_year_markers'])}):? ?{y4}{ne}"), year),
        _Rule(
            "date.bare_month",
            re.compile(rf"(?<!\w)tháng {mo}{ne}(?! năm)", i),
            bare_month,
        ),
    ]


def find_dates(text: str, published: str | None = None) -> list[DateMention]:
    """Every date, month, year, period or range in `text`, in order, without overlaps.

    `published` (ISO 8601, the article's publication date) resolves relative mentions and dates
    without a year; an unreadable value raises `DateError`.
    """
    pub = parse_published(published)
    if not isinstance(text, str) or not text:
        return []
    found: list[DateMention] = []
    taken: list[tuple[int, int]] = []
    for rule in _rules():
        pos = 0
        while (m := rule.pattern.search(text, pos)) is not None:
            start, end = m.start(), m.end()
            got = None if any(start < b and a < end for a, b in taken) else rule.handler(m, pub)
            if got is None or got[0] is None:
                pos = start + 1  # a later, shorter reading may still hold ("Trong sáu tháng")
                continue
            pos = end
            value, value_to, kind = got
            # a relative mention with no publication date to resolve it has no value: null, not ""
            found.append(DateMention(start, end, text[start:end], rule.id, value or None, value_to, kind))
            taken.append((start, end))
    found.sort(key=lambda f: f.start)
    return _join_ranges(text, found)


_FROM = re.compile(r"(?<!\w)từ\s+$", re.IGNORECASE)
_TO = re.compile(r"^\s*(?:đến|tới)\s+$", re.IGNORECASE)
_JOINABLE = ("date", "month", "year")


def _same_precision(lo: str, hi: str) -> tuple[str, str]:
    """ "từ năm 2020 đến tháng 6/2024" runs from January 2020: a bare year at one end of a range
    whose other end names a month (or a day) stands for its first (or last) month or day."""
    year = re.compile(r"\d{4}")
    if year.fullmatch(lo) and len(hi) > 4 and hi[:4].isdigit():
        lo += "-01" if len(hi) == 7 else "-01-01"
    elif year.fullmatch(hi) and len(lo) > 4 and lo[:4].isdigit():
        hi += "-12" if len(lo) == 7 else "-12-31"
    return lo, hi


def _join_ranges(text: str, found: list[DateMention]) -> list[DateMention]:
    """ "từ năm 2018 đến năm 2022", "từ ngày 5/3 đến ngày 10/3/2024": one range, the start taking
    the end's year when it states none."""
    out: list[DateMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        head = _FROM.search(text, max(0, a.start - 6), a.start)
        if (b is not None and head and a.kind in _JOINABLE and b.kind in _JOINABLE and a.value and b.value
                and a.value_to is None and b.value_to is None and _TO.match(text[a.end : b.start])):
            value, value_to = _same_precision(a.value, b.value)
            if value.startswith("--") and value_to[:4].isdigit():
                value = value_to[:4] + value[1:]
            out.append(DateMention(head.start(), b.end, text[head.start() : b.end], "date.from_to", value,
                                   value_to, "range"))
            i += 2
            continue
        out.append(a)
        i += 1
    return out
