"""Places named in an article, with their level and province before and after the 2025 merger.

"tỉnh X", "huyện X", "xã X", "KCN X" and bare province names ("Bình Dương") become Locations. The
63 old provinces and the 34 they merged into on 1 July 2025 are data (`data/places.json`); a
district's province comes from underthesea's offline address table (the data behind
`convert_address`), read once. `article_place` picks the article's main province and district.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from corpus.model import Location, Place
from extractors.officials import Word, is_cap, words_of

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class _Vocab:
    provinces: dict[str, str]  # old province -> province since 1 July 2025
    aliases: dict[str, str]  # spelling -> old province
    regions: tuple[str, ...]
    levels: tuple[tuple[tuple[str, ...], str, bool], ...]  # words, level, case-sensitive
    max_name_words: int
    byline_max: int
    names_re: re.Pattern[str]
    central_cities: frozenset[str]
    origin_re: re.Pattern[str]


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", s).casefold()


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    d = json.loads((DATA_DIR / "places.json").read_text(encoding="utf-8"))
    aliases = {name: name for name in d["provinces"]} | dict(d["aliases"])
    levels = []
    for k, level in d["levels"].items():
        ws = tuple(w.text for w in words_of(k))
        levels.append((ws, level, k[:1].isupper() and k.isupper() or k in ("TP", "TP.")))
    levels.sort(key=lambda x: -len(x[0]))
    names = sorted([*aliases, *d["regions"]], key=len, reverse=True)
    names_re = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in names) + r")(?!\w)")
    return _Vocab(
        provinces=dict(d["provinces"]),
        aliases=aliases,
        regions=tuple(d["regions"]),
        levels=tuple(levels),
        max_name_words=int(d["max_name_words"]),
        byline_max=int(d["byline_max_line_chars"]),
        names_re=names_re,
        central_cities=frozenset(d["central_cities"]),
        origin_re=re.compile(r"(?<!\w)(?:" + "|".join(re.escape(m) for m in d["origin_markers"]) + r")(?!\w)[^;.\n]*$"),
    )


@lru_cache(maxsize=1)
def _district_index() -> dict[str, frozenset[str]]:
    """District name (folded, without its level word) -> old provinces, from underthesea's table."""
    return _indexes()[0]


@lru_cache(maxsize=1)
def _ward_index() -> dict[str, frozenset[str]]:
    """Ward or commune name (folded, without its level word) -> old provinces."""
    return _indexes()[1]


@lru_cache(maxsize=1)
def _indexes() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Both indexes in one read. Empty when the table cannot be read: places then stay without a province."""
    try:
        from underthesea.address import converter

        with open(converter._DATA_PATH, encoding="utf-8") as f:  # noqa: SLF001 - offline data file
            data = json.load(f)
    except Exception:  # pragma: no cover - depends on the installed underthesea
        return {}, {}
    short = {info["name"]: info["short"] for info in data["old_province_names"].values()}
    canon = {s: s for s in _vocab().provinces} | {"Hồ Chí Minh": "Thành phố Hồ Chí Minh"}
    districts: dict[str, set[str]] = {}
    wards: dict[str, set[str]] = {}
    for r in data["ward_mapping"]:
        prov = canon.get(short.get(r["old_province"], ""), None)
        if prov is None:
            continue
        districts.setdefault(_fold(_strip_level(r["old_district"])), set()).add(prov)
        wards.setdefault(_fold(_strip_level(r["old_ward"])), set()).add(prov)
    return {k: frozenset(v) for k, v in districts.items()}, {k: frozenset(v) for k, v in wards.items()}


def _strip_level(name: str) -> str:
    """ "Thị xã Bến Cát" -> "Bến Cát"."""
    words = words_of(name)
    for ws, _level, _cs in _vocab().levels:
        if len(words) > len(ws) and tuple(w.text.casefold() for w in words[: len(ws)]) == tuple(
            x.casefold() for x in ws
        ):
            return name[words[len(ws)].start :]
    return name


def province_2025(province: str | None) -> str | None:
    """The province an old province belongs to since 1 July 2025 (None when unknown)."""
    if not province:
        return None
    v = _vocab()
    old = v.aliases.get(province, province)
    return v.provinces.get(old)


def _level_at(words: list[Word], i: int) -> tuple[int, str] | None:
    for ws, level, case_sensitive in _vocab().levels:
        n = len(ws)
        if i + n > len(words):
            continue
        got = tuple(w.text for w in words[i : i + n])
        if got == ws or (not case_sensitive and tuple(g.casefold() for g in got) == tuple(x.casefold() for x in ws)):
            return n, level
    return None


def _name_after(text: str, words: list[Word], j: int) -> int:
    """Words of a place name starting at word j: capitalised syllables, or a number ("phường 3")."""
    v = _vocab()
    gap = text[words[j - 1].end : words[j].start] if j < len(words) else ""
    if gap != " " and not (gap == ". " and words[j - 1].text == "TP"):
        return 0
    if words[j].text.isdigit() and len(words[j].text) <= 3:
        return 1
    n = 0
    while j + n < len(words) and n < v.max_name_words and is_cap(words[j + n].text):
        if n and text[words[j + n - 1].end : words[j + n].start] not in (" ", " - ", " – "):
            break
        if n and _level_at(words, j + n):
            break
        n += 1
    return n


def _is_byline(text: str, s: int, e: int) -> bool:
    """A line that holds nothing but the place name is a byline ("Khánh Hòa"), not a place."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    le = len(text) if le < 0 else le
    line = text[ls:le].strip()
    return line == text[s:e] and len(line) <= _vocab().byline_max and ls > 0


def _resolve(name: str, level: str) -> str | None:
    v = _vocab()
    bare = _strip_level(name)
    old = v.aliases.get(bare) or v.aliases.get(name)
    if old and (level in ("province", "industrial_park") or (level == "city" and old in v.central_cities)):
        return old
    index = {"city": _district_index(), "district": _district_index(), "commune": _ward_index(), "ward": _ward_index()}
    provs = index.get(level, {}).get(_fold(bare))
    if provs and len(provs) == 1:
        return next(iter(provs))
    return None


def find_locations(text: str) -> list[Location]:
    """Every place named in the text, once per name and level, at its first mention."""
    if not isinstance(text, str) or not text:
        return []
    v = _vocab()
    words = words_of(text)
    raw: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        lv = _level_at(words, i)
        if lv:
            n_level, level = lv
            j = i + n_level
            n = _name_after(text, words, j)
            if n:
                s, e = words[i].start, words[j + n - 1].end
                name = text[s:e]
                raw.append((s, e, name, level))
                taken.append((s, e))
                i = j + n
                continue
        i += 1
    for m in v.names_re.finditer(text):
        s, e = m.span()
        if any(a <= s and e <= b for a, b in taken) or _is_byline(text, s, e):
            continue
        level = "region" if m.group(1) in v.regions else "province"
        raw.append((s, e, m.group(1), level))
    raw.sort()
    out: list[Location] = []
    seen: set[tuple[str, str]] = set()
    for s, e, name, level in raw:
        key = (_fold(name), level)
        if key in seen:
            continue
        seen.add(key)
        prov = None if level == "region" else _resolve(name, level)
        out.append(Location(s, e, text[s:e], f"location.{level}", name, level, prov, province_2025(prov)))
    _fill_from_context(out)
    return out


def _fill_from_context(locations: list[Location]) -> None:
    """Units below a province take the article's province when the article names only one."""
    provinces = {loc.province for loc in locations if loc.province}
    if len(provinces) != 1:
        return
    (only,) = provinces
    for loc in locations:
        if loc.province is None and loc.level not in ("region", "other", "province"):
            loc.province = only
            loc.province_2025 = province_2025(only)


def _about_a_persons_home(text: str, start: int) -> bool:
    """ "quê ở xã X, huyện Y": a person's home town, not where the article is."""
    return bool(_vocab().origin_re.search(text[max(0, start - 80) : start]))


def article_place(text: str, locations: list[Location]) -> Place:
    """The article's province and district: the most mentioned, the headline's counting double."""
    if not isinstance(text, str) or not locations:
        return Place()
    headline_end = text.find("\n")
    headline_end = len(text) if headline_end < 0 else headline_end
    province_votes: Counter[str] = Counter()
    district_votes: Counter[str] = Counter()
    district_province: dict[str, str | None] = {}
    for loc in locations:
        mentions = max(1, text.count(loc.name))
        bonus = 2 if 0 <= loc.start < headline_end else 0
        if _about_a_persons_home(text, loc.start):
            continue
        if loc.province:
            province_votes[loc.province] += mentions + bonus
        if loc.level == "district" or (loc.level == "city" and _strip_level(loc.name) not in _vocab().central_cities):
            d = _strip_level(loc.name)
            district_votes[d] += mentions + bonus
            district_province.setdefault(d, loc.province)
    province = province_votes.most_common(1)[0][0] if province_votes else None
    district = None
    for d, _ in district_votes.most_common():
        if province is None or district_province.get(d) in (None, province):
            district = d
            break
    if province is None and district:
        province = district_province.get(district)
    return Place(province=province, district=district, province_2025=province_2025(province))
