"""People named with a position: "đồng chí A, Bí thư Tỉnh ủy X", "Bí thư Huyện ủy X Nguyễn Văn B".

Character-level rules over whole words are the fast path: underthesea's tokens cost far more
and fuse titles with their organisations ("Bí_thư_Thị_ủy"). Where those rules cannot read a
name (an apostrophe or hyphen in it: "K' Mát", "Lin Chih-Wei") or the person follows the
position and a place ("Trưởng bản Piêng Văn, xã Tri Lễ, bà Vi Thị Hoa"), a token pass over the
tagged sentence takes over, with spaCy patterns in `data/official_patterns.json`: a name there
is proper nouns or capitalised syllables, never a title or organisation. The vocabularies
(titles, surnames, organisation words, name introducers) are data in `data/titles.json` and
`data/organizations.json`. A person without a position (award recipients, bylines) is not an
official, and each official is reported once per article, with the fullest position seen.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from corpus.model import Official
from extractors import tokens

DATA_DIR = Path(__file__).resolve().parent / "data"

_WORD = re.compile(r"[^\W_]+(?:/[^\W_]+)?")
_SEPARATOR = re.compile(r"^\s*(?:[,:–—]|-)\s*$")
_SPACE = re.compile(r"^[ \t\u00a0]+$")
# inside a known organisation name only: "Sở Lao động - Thương binh và Xã hội", "Sở Văn hóa, Thể thao …"
_INNER_JOIN = re.compile(r"^ ?[-–,] ?$")


@dataclass(frozen=True)
class Word:
    start: int
    end: int
    text: str

    @cached_property
    def key(self) -> str:
        return self.text.casefold()


@dataclass(frozen=True)
class _Vocab:
    introducers: dict[tuple[str, ...], str | None]
    titles: frozenset[tuple[str, ...]]
    former: frozenset[tuple[str, ...]]
    bridges: frozenset[tuple[str, ...]]
    bridge_max_words: int
    blocklist: frozenset[str]
    not_name_after: frozenset[tuple[str, ...]]
    acting_for: frozenset[tuple[str, ...]]
    person_may_follow: frozenset[tuple[str, ...]]
    surname_tiers: tuple[frozenset[str], ...]
    org_heads: frozenset[tuple[str, ...]]
    needs_name: frozenset[tuple[str, ...]]
    territorial_heads: frozenset[tuple[str, ...]]
    inner_words: frozenset[str]
    joiners: frozenset[str]
    levels: frozenset[tuple[str, ...]]
    age_words: frozenset[str]
    aside_starts: frozenset[tuple[str, ...]]
    address_starts: frozenset[tuple[str, ...]]
    address_places: frozenset[tuple[str, ...]]
    max_asides: int
    max_aside_words: int
    max_phrase: int


def _phrase(s: str) -> tuple[str, ...]:
    return tuple(w.casefold() for w in _WORD.findall(s))


@lru_cache(maxsize=1)
def vocab() -> _Vocab:
    """Load the title and organisation vocabularies once."""
    titles = json.loads((DATA_DIR / "titles.json").read_text(encoding="utf-8"))
    orgs = json.loads((DATA_DIR / "organizations.json").read_text(encoding="utf-8"))
    aside = titles["interposed"]
    phrases = [
        *titles["titles"], *orgs["heads"], *titles["introducers"], *titles["bridges"], *titles["acting_for"],
        *aside["birth"], *aside["address"], *aside["address_places"],
    ]
    sn = titles["surnames"]
    return _Vocab(
        introducers={_phrase(k): v for k, v in titles["introducers"].items()},
        titles=frozenset(_phrase(t) for t in titles["titles"]),
        former=frozenset(_phrase(t) for t in titles["former"]),
        bridges=frozenset(_phrase(t) for t in titles["bridges"]),
        bridge_max_words=int(titles["bridge_max_words"]),
        blocklist=frozenset(n.casefold() for n in titles["name_blocklist"]),
        not_name_after=frozenset(_phrase(t) for t in titles["not_name_after"]),
        acting_for=frozenset(_phrase(t) for t in titles["acting_for"]),
        person_may_follow=frozenset(_phrase(t) for t in titles["person_may_follow"]),
        surname_tiers=tuple(frozenset(sn[k]) for k in ("top", "common", "rare")),
        org_heads=frozenset(_phrase(t) for t in orgs["heads"]),
        needs_name=frozenset(_phrase(t) for t in orgs["needs_name"]),
        territorial_heads=frozenset(_phrase(t) for t in orgs["territorial_heads"]),
        inner_words=frozenset(orgs["inner_words"]),
        joiners=frozenset(orgs["joiners"]),
        levels=frozenset(_phrase(t) for t in orgs["levels_before_place"]),
        age_words=frozenset(w.casefold() for w in aside["age_after_number"]),
        aside_starts=frozenset(_phrase(t) for t in [*aside["birth"], *aside["address"]]),
        address_starts=frozenset(_phrase(t) for t in aside["address"]),
        address_places=frozenset(_phrase(t) for t in aside["address_places"]),
        max_asides=int(aside["max_asides"]),
        max_aside_words=int(aside["max_aside_words"]),
        max_phrase=max(len(_phrase(p)) for p in phrases),
    )


def words_of(text: str) -> list[Word]:
    """Whole words with their offsets (letters and digits; "đ/c" stays one word)."""
    return [Word(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


def is_cap(w: str) -> bool:
    """A capitalised syllable as in personal names: "Nguyễn", "A" (not "UBND", not "tỉnh")."""
    return w.isalpha() and w[0].isupper() and (len(w) == 1 or w[1:].islower())


def is_abbr(w: str) -> bool:
    """An upper-case abbreviation such as UBND, HĐND, TP, CPSX."""
    return len(w) >= 2 and w.isalpha() and w.isupper()


def _gap(text: str, words: list[Word], i: int) -> str:
    """The characters between word i-1 and word i."""
    return text[words[i - 1].end : words[i].start]


def _tight(text: str, words: list[Word], i: int) -> bool:
    """Word i follows word i-1 with only spaces between (same phrase)."""
    return i > 0 and bool(_SPACE.match(_gap(text, words, i)))


def match_phrase(words: list[Word], i: int, phrases: frozenset[tuple[str, ...]] | dict) -> int:
    """Length in words of the longest phrase of `phrases` starting at word i (0 if none)."""
    best = 0
    keys: list[str] = []
    for n in range(1, vocab().max_phrase + 1):
        if i + n > len(words):
            break
        keys.append(words[i + n - 1].key)
        if tuple(keys) in phrases:
            best = n
    return best


def surname_tier(w: str) -> int | None:
    """0 for the commonest surnames, 1 for common ones, 2 for rare ones, None otherwise."""
    for tier, names in enumerate(vocab().surname_tiers):
        if w in names:
            return tier
    return None


def name_at(text: str, words: list[Word], i: int, need_surname: bool = False) -> int:
    """Length (2..5 words) of a personal name starting at word i, or 0.

    A name is a run of capitalised syllables joined by single spaces; it stops before a word
    that starts a title or an organisation ("Nguyễn Văn A Bí thư" keeps "Nguyễn Văn A").
    """
    v = vocab()
    n = 0
    while i + n < len(words) and n < 5:
        w = words[i + n]
        if not is_cap(w.text) or (n and not _tight(text, words, i + n)):
            break
        if n >= 2 and (match_phrase(words, i + n, v.titles) or match_phrase(words, i + n, v.org_heads) > 1):
            break
        n += 1
    if n < 2:
        return 0
    if need_surname and surname_tier(words[i].text) is None:
        return 0
    if " ".join(w.text for w in words[i : i + n]).casefold() in v.blocklist:
        return 0
    return n


def _skip_paren(text: str, pos: int) -> int:
    """After a name, skip a short parenthesis such as "(bìa phải)" or "(sinh năm 1949)"."""
    m = re.match(r"\s*\([^()\n]{1,40}\)", text[pos:])
    return pos + m.end() if m else pos


def _word_index_at(words: list[Word], pos: int) -> int:
    """Index of the first word starting at or after character `pos`."""
    lo, hi = 0, len(words)
    while lo < hi:
        mid = (lo + hi) // 2
        if words[mid].start < pos:
            lo = mid + 1
        else:
            hi = mid
    return lo


def _org_word_after_joiner(w: str) -> bool:
    """In "Cơ quan và Doanh nghiệp" the joiner continues the name; before "Huỳnh Thị Bé" it ends it."""
    return is_abbr(w) or (is_cap(w) and surname_tier(w) is None)


def org_extent(text: str, words: list[Word], j: int) -> int:
    """Index one past the last word of an organisation phrase starting at word j."""
    v = vocab()
    k = j
    while k < len(words):
        if k > j and not _tight(text, words, k):
            break
        if k == j and j > 0 and not _tight(text, words, k):
            break
        head = match_phrase(words, k, v.org_heads)
        if (
            head
            and (k == j or not words[k].text[0].islower())
            and all(_tight(text, words, x) or _INNER_JOIN.match(_gap(text, words, x)) for x in range(k + 1, k + head))
        ):
            k += head
            continue
        w = words[k].text
        if is_cap(w) or is_abbr(w):
            k += 1
            continue
        if w.isdigit() and len(w) <= 3 and k > j:
            k += 1
            continue
        if w in v.inner_words and not match_phrase(words, k, v.introducers):  # "Hội đồng", not "đồng chí"
            k += 1
            continue
        if (
            w in v.joiners
            and k + 1 < len(words)
            and _org_word_after_joiner(words[k + 1].text)
            and not match_phrase(words, k + 1, v.titles)
        ):
            k += 1
            continue
        break
    while k > j and words[k - 1].text in v.joiners:
        k -= 1
    return k


def _paren_place(text: str, end: int) -> int:
    """Include "(phường Tân Định)" after an organisation: a place in brackets belongs to it."""
    m = re.match(r" ?\(([^()\n]{1,50})\)", text[end:])
    if not m:
        return end
    inner = words_of(m.group(1))
    if inner and match_phrase(inner, 0, vocab().levels):
        return end + m.end()
    return end


@dataclass
class _Position:
    title: str
    organization: str | None
    start: int
    end: int
    next_word: int


def title_phrase(text: str, words: list[Word], j: int, require_cap: bool = False) -> _Position | None:
    """Parse "[nguyên] TITLE [ORG][, TITLE ORG]..." starting at word j."""
    v = vocab()
    former = ""
    f = match_phrase(words, j, v.former)
    if f and match_phrase(words, j + f, v.titles):
        former = "nguyên "
        j0 = j
        j += f
    else:
        j0 = j
    parts: list[tuple[int, int, int, int]] = []  # title start word, title end word, org end word
    while j < len(words):
        t = match_phrase(words, j, v.titles)
        if not t or (require_cap and not parts and not words[j].text[0].isupper()):
            break
        k = org_extent(text, words, j + t)
        parts.append((j, j + t, k, 0))
        if k >= len(words):
            j = k
            break
        gap = _gap(text, words, k)
        nxt = k
        if words[k].key in ("kiêm",) and _SPACE.match(gap):
            nxt = k + 1
        elif not re.match(r"^\s*[,;–]\s*$|^ - $", gap):
            j = k
            break
        nxt += _former_before_title(text, words, nxt)
        if match_phrase(words, nxt, v.titles) and words[nxt].text[0].isupper():
            j = nxt
            continue
        j = k
        break
    if not parts:
        return None
    first_t, _, _, _ = parts[0]
    last_t, last_te, last_k, _ = parts[-1]
    end = words[last_k - 1].end
    org = text[words[last_te].start : end] if last_k > last_te else None
    if org is not None:
        end = _paren_place(text, end)
        org = text[words[last_te].start : end]
    title_end = words[last_te - 1].end
    title = former + text[words[first_t].start : title_end]
    if org is None and len(parts) > 1:
        for _, te, k, _ in reversed(parts[:-1]):
            if k > te:
                org = text[words[te].start : words[k - 1].end]
                break
    return _Position(title, org, words[j0].start, end, last_k)


def split_trailing_name(text: str, words: list[Word], lo: int, hi: int) -> int | None:
    """In "Huyện ủy Trảng Bàng Nguyễn Thanh Ngọc", where the name begins (a word index)."""
    run_start = hi
    while (
        run_start > lo
        and is_cap(words[run_start - 1].text)
        and (run_start - 1 == lo or _tight(text, words, run_start - 1) or run_start - 1 == lo)
    ):
        run_start -= 1
    # "Trường THPT Châu Văn Liêm", "thị trấn Bần Yên Nhân": a place or school named like a person
    after_place_word = _preceded_by_place_word(words, run_start) and not _org_name_ends_at(words, run_start)
    best: tuple[int, int, int] | None = None
    for k in range(run_start, hi - 1):
        n = hi - k
        place_len = k - run_start
        tier = surname_tier(words[k].text)
        if not 2 <= n <= 4 or tier is None:
            continue
        # right after "Huyện ủy", a two-syllable run is the place ("Huyện ủy Hồ Tràm"), not a person
        if place_len == 0 and run_start > lo and n < 3:
            continue
        # "Sở", "Cục" … are never a whole organisation: "Sở Công Thương" is not Mr Công Thương
        if tuple(w.key for w in words[lo:k]) in vocab().needs_name or (k == lo and _head_needs_name(words, lo)):
            continue
        if after_place_word and (place_len == 0 or n < 3):
            continue
        if " ".join(w.text for w in words[k:hi]).casefold() in vocab().blocklist:
            continue
        # a one-syllable place before a name is rare: prefer the whole run as the name then
        rank = (tier + (1 if place_len == 1 else 0), place_len, k)
        if best is None or rank < best:
            best = rank
    if best is None and _province_then_person(words, run_start, hi):
        return run_start
    return best[2] if best else None


def _head_needs_name(words: list[Word], lo: int) -> bool:
    """The organisation head ending right before word `lo` is one that needs a name of its own."""
    return any(tuple(w.key for w in words[max(0, lo - len(p)) : lo]) == p for p in vocab().needs_name)


def _org_name_ends_at(words: list[Word], i: int) -> bool:
    """ "Sở Tài nguyên và Môi trường Lê Văn A": the "trường" before the name ends a known
    organisation's name, so it is not the place word "trường" (school)."""
    return any(match_phrase(words, s, vocab().org_heads) == i - s for s in range(max(0, i - vocab().max_phrase), i - 1))


def _province_then_person(words: list[Word], run_start: int, hi: int) -> bool:
    """ "Cục Thống kê tỉnh Nguyễn Đức A": no province goes by a person's name, so a full name
    (three or four syllables, a common surname) right after "tỉnh" is the person."""
    v = vocab()
    tier = surname_tier(words[run_start].text) if run_start < hi else None
    return (
        3 <= hi - run_start <= 4
        and tier is not None
        and tier <= 1
        and any(run_start - n >= 0 and tuple(w.key for w in words[run_start - n : run_start]) in v.person_may_follow
                for n in (1, 2))
        and " ".join(w.text for w in words[run_start:hi]).casefold() not in v.blocklist
    )


_MAX_TITLE_PARTS = 4
_PART_SEPARATOR = re.compile(r"^\s*,\s*$|^ [-–] $")


def _next_title_part(text: str, words: list[Word], k: int) -> int | None:
    """Where the next part of a compound position starts after word k-1: ", Chủ tịch …", " kiêm …"."""
    v = vocab()
    if k >= len(words):
        return None
    nxt = k
    if words[k].key == "kiêm" and _SPACE.match(_gap(text, words, k)):
        nxt = k + 1
    elif not _PART_SEPARATOR.match(_gap(text, words, k)):
        return None
    nxt += _former_before_title(text, words, nxt)
    if nxt < len(words) and words[nxt].text[0].isupper() and match_phrase(words, nxt, v.titles):
        return nxt
    return None


def _former_before_title(text: str, words: list[Word], j: int) -> int:
    """Length of a "nguyên" that repeats before a later part of a position ("nguyên Ủy viên BTV
    Tỉnh ủy, nguyên Trưởng Ban Nội chính Tỉnh ủy"), or 0."""
    f = match_phrase(words, j, vocab().former)
    if f and j + f < len(words) and _tight(text, words, j + f) and match_phrase(words, j + f, vocab().titles):
        return f
    return 0


def _title_first(text: str, words: list[Word], i: int) -> tuple[Official, int] | None:
    """ "Phó Bí thư Tỉnh ủy Nguyễn Văn A": a capitalised title, its organisation, then the name;
    the position may have several parts ("Bí thư Tỉnh ủy, Chủ tịch HĐND tỉnh Nguyễn Văn A")."""
    v = vocab()
    t = match_phrase(words, i, v.titles)
    if not t or not words[i].text[0].isupper():
        return None
    f_prefix = ""
    if i > 0 and words[i - 1].key == "nguyên" and _tight(text, words, i):
        f_prefix = "nguyên "
    te = i + t
    k = org_extent(text, words, te)
    split = split_trailing_name(text, words, te, k)
    prev_org: tuple[int, int] | None = None
    for _ in range(_MAX_TITLE_PARTS - 1):
        if split is not None:
            break
        introduced = _introduced_name_at(text, words, k)
        if introduced is not None:
            if _acting_for(words, i - (1 if f_prefix else 0)):
                return None
            honorific, ns, ne = introduced
            org_span = (te, k) if k > te else prev_org
            return _build(text, words, i, te, org_span, (ns, ne), honorific, f_prefix), ne
        nxt = _next_title_part(text, words, k)
        if nxt is None:
            return None
        prev_org = (te, k) if k > te else prev_org
        te = nxt + match_phrase(words, nxt, v.titles)
        k = org_extent(text, words, te)
        split = split_trailing_name(text, words, te, k)
    if split is None:
        return None
    # the name must end the phrase: not followed by another capitalised syllable
    if k < len(words) and _tight(text, words, k) and is_cap(words[k].text):
        return None
    org_span = (te, split) if split > te else prev_org
    return _build(text, words, i, te, org_span, (split, k), None, f_prefix), k


def _introduced_name_at(text: str, words: list[Word], k: int) -> tuple[str, int, int] | None:
    """ "Bí thư Huyện ủy đồng chí Nguyễn Văn A": the honorific and the name's word range right
    after a position (no comma between: after a comma the person may be someone acting for it)."""
    v = vocab()
    if k >= len(words) or not _tight(text, words, k) or words[k].key == "các":
        return None
    n = match_phrase(words, k, v.introducers)
    honorific = v.introducers.get(tuple(w.key for w in words[k : k + n])) if n else None
    if honorific is None or k + n >= len(words) or not _tight(text, words, k + n):
        return None
    m = name_at(text, words, k + n)
    return (honorific, k + n, k + n + m) if m else None


def _honorific_before(text: str, words: list[Word], i: int) -> tuple[str, int] | None:
    """ "đồng chí Phó Bí thư Tỉnh ủy Nguyễn Văn A": an honorific right before the position."""
    v = vocab()
    for n in (1, 2):
        s = i - n
        if s < 0 or words[s].key == "các" or not _tight(text, words, i) or match_phrase(words, s, v.introducers) != n:
            continue
        honorific = v.introducers.get(tuple(w.key for w in words[s:i]))
        if honorific is not None:
            return honorific, s
    return None


def _build(
    text: str,
    words: list[Word],
    ts: int,
    te: int,
    org: tuple[int, int] | None,
    name: tuple[int, int],
    honorific: str | None,
    prefix: str,
) -> Official:
    """A title-first Official from word ranges: title [ts,te), organisation, name; an honorific
    just before the position ("đồng chí Bí thư …") is taken into it."""
    o = _official(text, words, ts, te, name[0], name[0], name[1], honorific, prefix)
    o.organization = text[words[org[0]].start : words[org[1] - 1].end] if org else None
    lead = ts - (1 if prefix else 0)
    before = _honorific_before(text, words, lead) if o.honorific is None else None
    if before is not None:
        o.honorific, o.start = before[0], words[before[1]].start
        o.evidence = text[o.start : o.end]
    return o


def _official(
    text: str,
    words: list[Word],
    ts: int,
    te: int,
    os: int,
    ns: int,
    ne: int,
    honorific: str | None,
    prefix: str,
) -> Official:
    """Build an Official from word ranges: title [ts,te), organisation [os,ns), name [ns,ne)."""
    title = prefix + text[words[ts].start : words[te - 1].end]
    org = text[words[os].start : words[ns - 1].end] if ns > os else None
    name = text[words[ns].start : words[ne - 1].end]
    start = words[ts].start - (len("nguyên ") if prefix else 0)
    end = words[ne - 1].end
    return Official(start, end, text[start:end], "official.title_first", name, title, org, honorific)


def _aside_end(text: str, words: list[Word], j: int, after_address: bool) -> tuple[int, bool] | None:
    """If words from j form an aside ("81 tuổi", "sinh năm 1944", "ở tổ dân phố 5", after an address
    "xã Tân Hòa"), the index one past it and whether it was an address; else None."""
    v = vocab()
    k = j + 1
    while k < len(words) and k - j < v.max_aside_words and _SPACE.match(_gap(text, words, k)):
        if match_phrase(words, k, v.former) or (words[k].text[0].isupper() and match_phrase(words, k, v.titles)):
            break  # the position itself, written without a comma before it
        k += 1
    if any(words[x].text.isdigit() and words[x + 1].key in v.age_words for x in range(j, k - 1)):
        return k, False
    if match_phrase(words, j, v.address_starts):
        return k, True
    if match_phrase(words, j, v.aside_starts):
        return k, False
    if after_address and match_phrase(words, j, v.address_places):
        return k, True
    return None


def _skip_asides(text: str, words: list[Word], pos: int) -> int:
    """After a name, skip ", 81 tuổi, ở tổ dân phố 5," so that the position after them is read;
    `pos` is returned unchanged when no position-looking word follows the asides."""
    v = vocab()
    end, after_address = pos, False
    for _ in range(v.max_asides):
        m = re.match(r"\s*,\s*", text[end:])
        if not m:
            break
        j = _word_index_at(words, end + m.end())
        if j >= len(words) or words[j].start != end + m.end():
            break
        found = _aside_end(text, words, j, after_address)
        if found is None:
            break
        k, after_address = found
        end = words[k - 1].end
    return end if end != pos else pos


def _position_after_name(text: str, words: list[Word], after: int) -> _Position | None:
    """The position that follows a name: ", Bí thư …", " – TUV, …", " nguyên là …", " được bầu làm …"."""
    v = vocab()
    pos = _skip_asides(text, words, _skip_paren(text, words[after - 1].end))
    j = _word_index_at(words, pos)
    if j >= len(words):
        return None
    gap = text[pos : words[j].start]
    if _SEPARATOR.match(gap) or gap == "- " or gap == "-":
        return title_phrase(text, words, j)
    if not _SPACE.match(gap) and gap != "":
        return None
    # "NAME nguyên Bí thư …", "NAME nguyên là …", "NAME được Đại hội bầu làm …"
    p = title_phrase(text, words, j) if match_phrase(words, j, v.former) else None
    if p:
        return p
    for k in range(j, min(j + v.bridge_max_words, len(words))):
        # a comma may only join two bridges: "được điều động, bổ nhiệm giữ chức Giám đốc …"
        if k > j and not _tight(text, words, k) and not (
            _PART_SEPARATOR.match(_gap(text, words, k)) and match_phrase(words, k, v.bridges)
        ):
            break
        b = match_phrase(words, k, v.bridges)
        if b and match_phrase(words, k + b, v.titles) and _tight(text, words, k + b):
            former = any(words[x].key == "nguyên" for x in range(j, k + b))
            p = title_phrase(text, words, k + b)
            if p:
                if former and not p.title.startswith("nguyên"):
                    p.title = "nguyên " + p.title
                return p
    return None


def _preceded_by_place_word(words: list[Word], i: int) -> bool:
    """ "đường Nguyễn Huệ", "phường Lê Lợi": a name-shaped place, not a person."""
    v = vocab()
    return any(i - n >= 0 and tuple(w.key for w in words[i - n : i]) in v.not_name_after for n in (1, 2, 3))


def _name_first(text: str, words: list[Word], i: int) -> list[Official]:
    """ "đồng chí A, Bí thư …", lists "các đồng chí: A, …; B, …", bare "Nguyễn Văn A, Bí thư …"."""
    v = vocab()
    out: list[Official] = []
    intro = match_phrase(words, i, v.introducers)
    honorific = v.introducers.get(tuple(w.key for w in words[i : i + intro])) if intro else None
    if intro:
        if i + intro >= len(words):
            return out
        j = i + intro
        gap = _gap(text, words, j)
        if not (_SPACE.match(gap) or re.match(r"^\s*:\s*$", gap)):
            return out
        listing = words[i].key == "các" or ":" in gap
        start = words[i].start
        need_surname = honorific is None
    else:
        if i > 0 and _tight(text, words, i) and is_cap(words[i - 1].text):
            return out
        if _preceded_by_place_word(words, i):
            return out
        j, listing, start, need_surname = i, False, words[i].start, True
        tier = surname_tier(words[i].text)
        if tier is None or tier > 1:
            return out
    if not intro and i > 0 and match_phrase(words, i - 1, v.titles):
        return out
    while j < len(words):
        n = name_at(text, words, j, need_surname=need_surname)
        if not n:
            break
        name = text[words[j].start : words[j + n - 1].end]
        p = _position_after_name(text, words, j + n)
        if p is None:
            if not listing:
                break
            nxt = j + n
        else:
            rule = "official.honorific_name_title" if intro else "official.name_title"
            s = start if start <= words[j].start else words[j].start
            out.append(Official(s, p.end, text[s : p.end], rule, name, p.title, p.organization, honorific))
            nxt = p.next_word
        if not listing or nxt >= len(words):
            break
        gap = _gap(text, words, nxt)
        if re.match(r"^\s*[,;]\s*$", gap):
            j = nxt
        elif _SPACE.match(gap) and words[nxt].key == "và":
            j = nxt + 1
        else:
            break
        if j < len(words) and match_phrase(words, j, v.introducers):
            break
        start = words[j].start if j < len(words) else start
        need_surname = True
    return out


def find_officials(text: str) -> list[Official]:
    """Every official of the text, once per person (case-folded name), with the fullest position."""
    if not isinstance(text, str) or not text:
        return []
    words = words_of(text)
    found: list[Official] = []
    for i in range(len(words)):
        if is_cap(words[i].text) or words[i].text[0].islower() or words[i].text[:1].isupper():
            found.extend(_name_first(text, words, i))
            tf = _title_first(text, words, i)
            if tf:
                found.append(tf[0])
    found.extend(token_officials(text, words, found))
    return _fullest(found)


_TITLE_REACH = 12  # words between an introducer and the position that may go with it
_NAME_PUNCT = re.compile(r"[\w'’‘-]")


def _unread_introducers(text: str, words: list[Word], found: list[Official]) -> list[int]:
    """Offsets of introducers ("đồng chí", "ông", "bà") before a capitalised word that the
    character rules left without an official: the only places worth tagging."""
    v = vocab()
    taken = [(o.start, o.end) for o in found]
    out = []
    for i, w in enumerate(words):
        n = match_phrase(words, i, v.introducers)
        if not n or i + n >= len(words) or not words[i + n].text[:1].isupper():
            continue
        if any(a <= w.start < b for a, b in taken):
            continue
        near = range(max(0, i - _TITLE_REACH), min(len(words), i + n + _TITLE_REACH))
        if not any(words[k].text[:1].isupper() and match_phrase(words, k, v.titles) for k in near):
            continue  # no position nearby: nothing for the patterns to find
        out.append(w.start)
    return out


def _name_text(text: str, doc: object, first: int, last: int) -> str | None:
    """The personal name covered by tokens [first, last], or None when it is not one."""
    start, end = tokens.token_offset(doc, first), tokens.token_end(doc, last)  # type: ignore[arg-type]
    name = text[start:end]
    syllables = [p for p in re.split(r"[\s'’‘-]+", name) if p]
    if len(syllables) < 2 or len(syllables) > 6 or not all(_NAME_PUNCT.match(c) or c == " " for c in name):
        return None
    if name.casefold() in vocab().blocklist:
        return None
    return name


def token_officials(text: str, words: list[Word], found: list[Official]) -> list[Official]:
    """Officials read from tagged sentences where the character rules found none (see module doc)."""
    v = vocab()
    known = {o.name.casefold() for o in found}
    docs = {}
    for offset in _unread_introducers(text, words, found):
        doc = tokens.sentence_doc(text, offset)
        if doc is not None:
            docs[tokens.token_offset(doc, 0) if len(doc) else offset] = doc
    out: list[Official] = []
    m = tokens.matcher("official_patterns")
    for doc in docs.values():
        for match_id, s, e in m(doc):
            rule = doc.vocab.strings[match_id]
            if rule == "INTRODUCER_NAME_TITLE":
                sep = next(k for k in range(s + 1, e) if not doc[k]._.name_part)
                name = _name_text(text, doc, s + 1, sep - 1)
                if name is None or name.casefold() in known:
                    continue
                after = _word_index_at(words, tokens.token_end(doc, sep - 1))
                p = _position_after_name(text, words, after)
                if p is None:
                    continue
                start = tokens.token_offset(doc, s)
                honorific = v.introducers.get(tuple(w.casefold() for w in _WORD.findall(doc[s].text)))
                o = Official(start, p.end, text[start : p.end], "official.tokens.introducer_name_title", name,
                             p.title, p.organization, honorific)
            else:
                intro = max(k for k in range(s, e) if doc[k].ent_type_ == "INTRODUCER")
                if e < len(doc) and (doc[e]._.name_part or doc[e].text in (",", "-", "–") and _title_next(doc, e)):
                    continue  # the name goes on, or a position of its own follows it
                name = _name_text(text, doc, intro + 1, e - 1)
                if name is None or name.casefold() in known:
                    continue
                first = _word_index_at(words, tokens.token_offset(doc, s))
                p = title_phrase(text, words, first, require_cap=True)
                if p is None or _acting_for(words, first):
                    continue
                start, end = tokens.token_offset(doc, s), tokens.token_end(doc, e - 1)
                honorific = v.introducers.get(tuple(w.casefold() for w in _WORD.findall(doc[intro].text)))
                o = Official(start, end, text[start:end], "official.tokens.title_introducer_name", name,
                             p.title, p.organization, honorific)
            known.add(name.casefold())
            out.append(o)
    return out


def _acting_for(words: list[Word], i: int) -> bool:
    """ "Thừa ủy quyền của Chủ tịch nước, đồng chí A trao …": the position before the person is the
    one they act for, not their own."""
    v = vocab()
    return any(match_phrase(words, s, v.acting_for) == i - s for s in range(max(0, i - 5), i))


def _title_next(doc: object, k: int) -> bool:
    """Whether a title follows token k (after an optional "nguyên")."""
    return any(j < len(doc) and doc[j].ent_type_ == "TITLE" for j in (k + 1, k + 2))  # type: ignore[arg-type, index]


def _fullest(found: list[Official]) -> list[Official]:
    """One record a person: the mention with the longest title and organisation."""
    best: dict[str, Official] = {}
    for o in found:
        key = o.name.casefold()
        size = len(o.title or "") + len(o.organization or "")
        cur = best.get(key)
        if cur is None or size > len(cur.title or "") + len(cur.organization or ""):
            best[key] = o
    return sorted(best.values(), key=lambda o: o.start)
