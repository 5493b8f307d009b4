"""Is this page a block/captcha/WAF answer or a redirect stub rather than content?

Such pages must be reported and retried later, never stored as articles. Markers are data
(`profiles/blocks.json`) plus the profile's own `block_markers`.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup

_DATA = Path(__file__).resolve().parent / "profiles" / "blocks.json"


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return json.loads(_DATA.read_text("utf-8"))


def _headings(soup: BeautifulSoup) -> list[str]:
    texts = []
    if soup.title is not None:
        texts.append(soup.title.get_text(" ", strip=True))
    texts += [h.get_text(" ", strip=True) for h in soup.find_all("h1", limit=3)]
    return [t for t in texts if t]


def block_reason(soup: BeautifulSoup, raw: str, visible: str, profile_markers: tuple[str, ...] = ()) -> str | None:
    """Why the page looks like a block/captcha/WAF page, or None.

    `raw` is the HTML source (some challenge pages carry their marker only in scripts),
    `visible` the page's visible text.
    """
    rules = _rules()
    for marker in profile_markers:
        if marker and (marker in visible or marker in raw):
            return f"block marker {marker!r}"
    for heading in _headings(soup):
        low = heading.casefold()
        for marker in rules["block_titles"]:
            if low.startswith(marker.casefold()):
                return f"block page titled {heading[:80]!r}"
    if len(visible) <= rules["short_page_chars"]:
        for marker in rules["block_page_markers"]:
            if marker in visible or marker in raw:
                return f"block marker {marker!r}"
    return None


def stub_reason(soup: BeautifulSoup, visible: str) -> str | None:
    """Why the page looks like a redirect stub ("Object Moved", meta refresh), or None."""
    rules = _rules()
    if len(visible) > rules["stub_max_chars"]:
        return None
    for heading in _headings(soup):
        if heading.casefold() in {t.casefold() for t in rules["stub_titles"]}:
            return f"redirect stub {heading!r}"
    refresh = soup.find("meta", attrs={"http-equiv": lambda v: bool(v) and v.lower() == "refresh"})
    if refresh is not None:
        return "redirect stub (meta refresh)"
    return None
