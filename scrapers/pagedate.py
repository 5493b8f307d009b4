"""A page's publication date: machine-readable meta first, else the Vietnamese visible date.

Always returned as ISO 8601 with the site's offset ("2024-01-15T10:30:00+07:00"), because the
store compares dates as text and mixed offsets would sort wrongly.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime, timedelta, timezone
from functools import lru_cache
from pathlib import Path

from bs4 import BeautifulSoup, Tag

_DATA = Path(__file__).resolve().parent / "profiles" / "dates.json"
_DEFAULT_META = (
    "meta[property='article:published_time']",
    "meta[itemprop='datePublished']",
    "[itemprop='datePublished']",
    "meta[name='pubdate']",
)
_ISO = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


@lru_cache(maxsize=1)
def default_formats() -> tuple[re.Pattern[str], ...]:
    """The shipped visible-date regexes (data, so a new format needs no code change)."""
    data = json.loads(_DATA.read_text("utf-8"))
    return tuple(re.compile(p, re.IGNORECASE) for p in data["formats"])


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def parse_tz(offset: str) -> timezone:
    """'+07:00' as a timezone; anything unreadable falls back to Vietnam's +07:00."""
    m = re.fullmatch(r"([+-])(\d{2}):?(\d{2})", offset.strip())
    if not m:
        return timezone(timedelta(hours=7))
    sign = 1 if m.group(1) == "+" else -1
    return timezone(sign * timedelta(hours=int(m.group(2)), minutes=int(m.group(3))))


def parse_iso(value: str, tz: timezone) -> str | None:
    """An ISO-like meta value in the site's offset; a value without offset is taken as local."""
    m = _ISO.match(value)
    if not m:
        return None
    y, mo, d, h, mi, s, off = m.groups()
    try:
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0))
    except ValueError:
        return None
    if off:
        src = UTC if off == "Z" else parse_tz(off if ":" in off else off[:3] + ":" + off[3:])
        dt = dt.replace(tzinfo=src).astimezone(tz)
    else:
        dt = dt.replace(tzinfo=tz)
    return dt.isoformat()


def parse_visible(text: str, formats: tuple[str, ...] = (), tz: timezone | None = None) -> str | None:
    """The first date in `text` that one of the formats (profile's first, then shipped) reads."""
    tz = tz or parse_tz("+07:00")
    text = " ".join(text.split())
    patterns = [_compiled(f) for f in formats] + list(default_formats())
    for pattern in patterns:
        for m in pattern.finditer(text):
            g = m.groupdict()
            try:
                dt = datetime(
                    int(g["year"]), int(g["month"]), int(g["day"]),
                    int(g.get("hour") or 0), int(g.get("minute") or 0), int(g.get("second") or 0),
                    tzinfo=tz,
                )  # fmt: skip
            except (KeyError, TypeError, ValueError):
                continue
            if 1990 <= dt.year <= 2100:
                return dt.isoformat()
    return None


def _meta_value(el: Tag) -> str:
    for attr in ("content", "datetime", "value"):
        v = el.get(attr)
        if isinstance(v, str) and v.strip():
            return v
    return el.get_text(" ", strip=True)


def date_from_meta(soup: BeautifulSoup, selectors: tuple[str, ...] = (), tz: timezone | None = None) -> str | None:
    """The machine-readable publication date (article:published_time, itemprop=datePublished)."""
    tz = tz or parse_tz("+07:00")
    for sel in tuple(selectors) + _DEFAULT_META:
        for el in soup.select(sel):
            value = _meta_value(el)
            found = parse_iso(value, tz) if value else None
            if found is None and value:
                found = parse_visible(value, (), tz)
            if found:
                return found
    return None


def date_from_elements(
    soup: BeautifulSoup | Tag, selectors: tuple[str, ...], formats: tuple[str, ...] = (), tz: timezone | None = None
) -> str | None:
    """The visible date in the first element of `selectors` that holds a readable one."""
    for sel in selectors:
        for el in soup.select(sel):
            found = parse_visible(el.get_text(" ", strip=True), formats, tz)
            if found:
                return found
    return None
