"""Page noise that holds figures of other articles: the related-article lists of a saved page.

Every finder's facts inside these lines are dropped (`extract_facts`), so a headline such as
"Huyện X kết nạp 156 đảng viên" under "Các tin khác" is not taken for this article's count.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "page_noise.json"


@lru_cache(maxsize=1)
def _rules() -> tuple[frozenset[str], re.Pattern[str], re.Pattern[str]]:
    d = json.loads(DATA.read_text(encoding="utf-8"))
    return (frozenset(h.casefold() for h in d["trailer_headings"]), re.compile(d["related_link_line"]),
            re.compile(d["own_date_line"], re.IGNORECASE))


def trailer_lines(text: str) -> list[tuple[int, int]]:
    """Spans of lines listing other articles: under a "Các tin khác" heading (until a line ends
    a sentence again), or a headline ending in its date "(13/11/2024)"."""
    headings, link_line, own_date = _rules()
    out, listing, pos = [], False, 0
    for line in text.split("\n"):
        a, b = pos, pos + len(line)
        pos = b + 1
        bare = line.strip().rstrip(":").strip()
        if bare.casefold() in headings:
            listing = True
            continue
        if listing and bare and bare[-1] in ".!?…":
            listing = False
        if listing or (link_line.search(line) and not own_date.search(line)):
            out.append((a, b))
    return out
