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
    countries: frozenset[str]
    committees_re: re.Pattern[str]
    committees: dict[str, str]
    surnames: frozenset[str]
    roman: frozenset[str]
    org_re: re.Pattern[str]
    locative_re: re.Pattern[str]
    canon_2025: dict[str, str]  # short post-2025 province name -> the name used in `provinces`
    level_synonyms: dict[str, str]


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
    names = sorted([*aliases, *d["regions"], *d["countries"]], key=len, reverse=True)
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
        countries=frozenset(d["countries"]),
        committees_re=re.compile(r"(?<!\w)(" + _alts(d["party_committees"]) + r") (?=\w)"),
        committees=dict(d["party_committees"]),
        surnames=frozenset(d["surnames"]),
        roman=frozenset(d["roman_numerals"]),
        org_re=re.compile(r"(?<!\w)(?:" + _alts(d["org_words"]) + r")(?!\w)"),
        locative_re=re.compile(r"(?<!\w)(?:" + _alts(d["locative_words"]) + r")(?!\w)"),
        canon_2025={v.removeprefix("Thành phố "): v for v in d["provinces"].values()},
        level_synonyms=dict(d["level_word_synonyms"]),
    )


def _alts(words: object) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))  # type: ignore[arg-type]


@lru_cache(maxsize=1)
def _district_index() -> dict[str, frozenset[str]]:
    """District name (folded, without its level word) -> old provinces, from underthesea's table."""
    return _indexes()[0]


@lru_cache(maxsize=1)
def _ward_index() -> dict[str, frozenset[str]]:
    """Ward or commune name (folded, without its level word) -> old provinces."""
    return _indexes()[1]


@lru_cache(maxsize=1)
def _new_ward_index() -> dict[str, frozenset[str]]:
    """Ward or commune name since 1 July 2025 (folded, without its level word) -> provinces since then."""
    return _indexes()[2]


Index = dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def _indexes() -> tuple[Index, Index, Index]:
    """All indexes in one read. Empty when the table cannot be read: places then stay without a province."""
    try:
        from underthesea.address import converter

        with open(converter._DATA_PATH, encoding="utf-8") as f:  # noqa: SLF001 - offline data file
            data = json.load(f)
    except Exception:  # pragma: no cover - depends on the installed underthesea
        return {}, {}, {}
    short = {info["name"]: info["short"] for info in data["old_province_names"].values()}
    canon = {s: s for s in _vocab().provinces} | {"Hồ Chí Minh": "Thành phố Hồ Chí Minh"}
    districts: dict[str, set[str]] = {}
    wards: dict[str, set[str]] = {}
    new_wards: dict[str, set[str]] = {}
    new_short = {info["name"]: info["short"] for info in data["province_names"].values()}
    canon_2025 = _vocab().canon_2025
    for r in data["ward_mapping"]:
        new_prov = canon_2025.get(new_short.get(r["new_province"], ""))
        if new_prov is not None:
            new_wards.setdefault(_fold(_strip_level(r["new_ward"])), set()).add(new_prov)
        prov = canon.get(short.get(r["old_province"], ""), None)
        if prov is None:
            continue
        districts.setdefault(_fold(_strip_level(r["old_district"])), set()).add(prov)
        wards.setdefault(_fold(_strip_level(r["old_ward"])), set()).add(prov)
    return (
        {k: frozenset(v) for k, v in districts.items()},
        {k: frozenset(v) for k, v in wards.items()},
        {k: frozenset(v) for k, v in new_wards.items()},
    )


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=1)
def _levels_by_first_word() -> dict[str, list[tuple[tuple[str, ...], str, bool]]]:
    """The level words indexed by their first word, case-folded, longest first (hot path)."""
    index: dict[str, list[tuple[tuple[str, ...], str, bool]]] = {}
    for entry in _vocab().levels:
        index.setdefault(entry[0][0].casefold(), []).append(entry)
    return index


def _level_at(words: list[Word], i: int) -> tuple[int, str] | None:
    for ws, level, case_sensitive in _levels_by_first_word().get(words[i].text.casefold(), ()):
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
    if j >= len(words):
        return 0
    gap = text[words[j - 1].end : words[j].start] if j else " "
    if gap != " " and not (gap == ". " and words[j - 1].text == "TP"):
        return 0
    if words[j].text.isdigit() and len(words[j].text) <= 3:
        return 1
    n = 0
    while j + n < len(words) and n < v.max_name_words:
        w = words[j + n].text
        if not (is_cap(w) or (n and w in v.roman)):
            break
        if n and text[words[j + n - 1].end : words[j + n].start] not in (" ", " - ", " – "):
            break
        if n and _level_at(words, j + n):
            break
        n += 1
    return n


def _candidates(name: str, level: str) -> frozenset[str]:
    """Old provinces a unit of this name and level may lie in (empty when unknown)."""
    v = _vocab()
    bare = _strip_level(name)
    old = v.aliases.get(bare) or v.aliases.get(name)
    if old and (level in ("province", "industrial_park") or (level == "city" and old in v.central_cities)):
        return frozenset({old})
    if level == "province":
        return frozenset()
    index = {"city": _district_index(), "district": _district_index(), "commune": _ward_index(), "ward": _ward_index()}
    return index.get(level, {}).get(_fold(bare), frozenset())


def _known(name: str, level: str) -> bool:
    if _candidates(name, level):
        return True
    return level in ("commune", "ward") and _fold(name) in _new_ward_index()


def _trim(text: str, words: list[Word], j: int, n: int, level: str, start: int | None = None) -> int:
    """How many of the n capitalised words are the place: a name may run into a person's name
    ("UBND huyện Văn Lâm Nguyễn Thị Hoa"). The longest known unit wins; else the name stops at a
    family name. A province must be one of the known provinces. `start` is where the level word
    begins ("Thành phố Hồ Chí Minh" is known as a whole)."""
    v = _vocab()
    for k in range(n, 0, -1):
        end = words[j + k - 1].end
        if _known(text[words[j].start : end], level) or (start is not None and _known(text[start:end], level)):
            return k
    if level == "province":
        return 0
    if level in ("city", "district", "commune", "ward") and n >= 3 and words[j].text in v.surnames:
        return 0  # "UBND huyện Nguyễn Văn An": a person (most place names have two syllables)
    for k in range(1, n - 1):  # a family name followed by a given name
        if words[j + k].text in v.surnames:
            return k
    return n


@lru_cache(maxsize=1)
def _data() -> dict:
    return json.loads((DATA_DIR / "places.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _counted_nouns() -> frozenset[str]:
    units = json.loads((DATA_DIR / "units.json").read_text(encoding="utf-8"))
    return frozenset(u.split()[0].casefold() for u in units["counted"])


def _numbered(text: str, words: list[Word], k: int) -> bool:
    """A short number right after a village's name is part of it, unless a counted noun follows
    ("thôn Đông 12 hộ" counts households)."""
    if k >= len(words) or not (words[k].text.isdigit() and len(words[k].text) <= 2):
        return False
    if text[words[k - 1].end : words[k].start] != " ":
        return False
    nxt = words[k + 1] if k + 1 < len(words) else None
    return nxt is None or text[words[k].end : nxt.start] != " " or nxt.text.casefold() not in _counted_nouns()


def _cap_run(text: str, words: list[Word], k: int) -> int:
    n = 0
    while k + n < len(words) and n < _vocab().max_name_words and is_cap(words[k + n].text):
        if n and text[words[k + n - 1].end : words[k + n].start] != " ":
            break
        n += 1
    return n


def _listed(text: str, words: list[Word]) -> list[tuple[int, int, str, str]]:
    """Places listed after a plural level word: "các xã Tân Lập, Tân Hòa và Tân Phú", "hai phường
    A và B", "các xã biên giới như A, B" (a few lower-case words then a connector)."""
    d = _data()
    out = []
    for i in range(1, len(words)):
        if words[i - 1].text.casefold() not in d["list_markers"] and not words[i - 1].text.isdigit():
            continue
        lv = _level_at(words, i)
        if not lv:
            continue
        n_level, level = lv
        k, skipped = i + n_level, 0
        while (k < len(words) and skipped < 3 and not is_cap(words[k].text)
               and words[k].text not in d["list_connectors"]
               and text[words[k - 1].end : words[k].start] == " "):
            k, skipped = k + 1, skipped + 1
        if k < len(words) and words[k].text in d["list_connectors"]:
            k += 1
        elif skipped:
            continue  # "các xã, thị trấn trên địa bàn …": no list of names
        first = True
        while k < len(words):
            n = _cap_run(text, words, k)
            n = _trim(text, words, k, n, level) if n else 0
            if not n:
                break
            s, e = words[k].start, words[k + n - 1].end
            if not first or skipped:
                out.append((s, e, text[s:e], level))
            first = False
            k += n
            if k < len(words) and text[words[k - 1].end : words[k].start] in (", ", " ") and words[k].text == "và":
                k += 1  # "A và B", "A, B, và C"
            elif k >= len(words) or text[words[k - 1].end : words[k].start] != ", ":
                break
    return out


def _is_byline(text: str, s: int, e: int) -> bool:
    """A line that holds nothing but the place name is a byline ("Khánh Hòa"), not a place."""
    ls = text.rfind("\n", 0, s) + 1
    le = text.find("\n", e)
    le = len(text) if le < 0 else le
    line = text[ls:le].strip()
    return line == text[s:e] and len(line) <= _vocab().byline_max and ls > 0


def _inside_organisation(text: str, s: int) -> bool:
    """ "Công ty cổ phần Dệt may Hòa Bình": the province names the company, not a place."""
    v = _vocab()
    clause = re.split(r"[,.;:()\n]", text[max(0, s - 80) : s])[-1]
    orgs = list(v.org_re.finditer(clause))
    return bool(orgs) and not v.locative_re.search(clause, orgs[-1].end())


def _dedupe_key(name: str, level: str) -> tuple[str, str, str]:
    """ "TP. Quy Nhơn" and "thành phố Quy Nhơn" are one place; "xã Ân Thi" and "thị trấn Ân Thi" two."""
    bare = _strip_level(name)
    word = _fold(name[: len(name) - len(bare)].strip())
    return _fold(bare), level, _vocab().level_synonyms.get(word, word)


def _resolve(name: str, level: str) -> tuple[str | None, str | None]:
    """(old province, province since 1 July 2025) of a unit, when its name says so alone."""
    cands = _candidates(name, level)
    if len(cands) == 1:
        (old,) = cands
        return old, province_2025(old)
    if level in ("commune", "ward"):
        new = _new_ward_index().get(_fold(_strip_level(name)), frozenset())
        if len(new) == 1 and not cands:
            return None, next(iter(new))
    return None, None


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
            n = _trim(text, words, j, n, level, words[i].start) if n else 0
            if n and level == "village" and _numbered(text, words, j + n):
                n += 1  # "ấp Sô La 1", "khu phố Tân Hòa 2"
            if n:
                s, e = words[i].start, words[j + n - 1].end
                raw.append((s, e, text[s:e], level))
                taken.append((s, e))
                i = j + n
                continue
        i += 1
    for s, e, name, level in _listed(text, words):
        if not any(a <= s < b for a, b in taken):
            raw.append((s, e, name, level))
            taken.append((s, e))
    word_at = {w.start: k for k, w in enumerate(words)}
    for m in v.committees_re.finditer(text):
        j = word_at.get(m.end())
        if j is None or any(a <= m.start() < b for a, b in taken):
            continue
        level = v.committees[m.group(1)]
        if _level_at(words, j):
            continue  # "Thành ủy Thành phố Hồ Chí Minh": the level word names it
        n = _name_after(text, words, j)
        while n and not _known(text[words[j].start : words[j + n - 1].end], level):
            n -= 1  # a committee followed by a person: only a known unit counts
        if n:
            s, e = words[j].start, words[j + n - 1].end
            raw.append((s, e, text[s:e], level))
            taken.append((s, e))
    for m in v.names_re.finditer(text):
        s, e = m.span()
        if any(a <= s and e <= b for a, b in taken) or _is_byline(text, s, e) or _inside_organisation(text, s):
            continue
        name = m.group(1)
        level = "region" if name in v.regions else "other" if name in v.countries else "province"
        raw.append((s, e, name, level))
    # Names with their level word first, so that "Thị xã Bến Cát" stands for a later or earlier
    # bare "Bến Cát" (or "Thị ủy Bến Cát"); two level words ("xã"/"thị trấn Ân Thi") are two places.
    raw.sort(key=lambda r: (not _dedupe_key(r[2], r[3])[2], r[0]))
    kept: list[tuple[int, int, str, str]] = []
    words_seen: dict[tuple[str, str], set[str]] = {}
    for s, e, name, level in raw:
        bare, _, word = _dedupe_key(name, level)
        got = words_seen.setdefault((bare, level), set())
        if (word in got) or (not word and got):
            continue
        got.add(word)
        kept.append((s, e, name, level))
    kept.sort()
    out: list[Location] = []
    cands: list[frozenset[str]] = []
    for s, e, name, level in kept:
        prov, prov_2025 = (None, None) if level in ("region", "other") else _resolve(name, level)
        out.append(Location(s, e, text[s:e], f"location.{level}", name, level, prov, prov_2025))
        cands.append(frozenset() if level in ("region", "other") else _candidates(name, level))
    _fill_from_context(out, cands)
    return out


def _fill_from_context(locations: list[Location], candidates: list[frozenset[str]] | None = None) -> None:
    """Units below a province take a province the article names: the one of their possible
    provinces that the article names, else the article's only province."""
    provinces = {loc.province for loc in locations if loc.province}
    for loc, cands in zip(locations, candidates or [frozenset()] * len(locations), strict=True):
        if loc.province is None and len(cands & provinces) == 1:
            (loc.province,) = cands & provinces
            loc.province_2025 = province_2025(loc.province)
    if len(provinces) != 1:
        return
    (only,) = provinces
    for loc in locations:
        if loc.province is None and loc.level not in ("region", "other", "province"):
            loc.province = only
            loc.province_2025 = loc.province_2025 or province_2025(only)


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
