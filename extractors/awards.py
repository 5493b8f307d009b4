"""Awards: who commended whom, with what, how many, and why.

"Thị ủy X khen thưởng 4 tập thể, 10 cá nhân có thành tích …", "tặng Huy hiệu Đảng cho 637 đảng
viên", and the tiers of a badge ceremony ("121 đồng chí nhận Huy hiệu 30 năm tuổi Đảng; …"), each
tier its own award. Award types, count units and the words that tie them are data in
`data/awards.json`. A caption or a passing mention without numbers ("Khen thưởng các chi bộ …")
does not become a second award beside the counted one it illustrates.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from corpus.model import Award
from extractors.numbers import find_numbers
from extractors.officials import (
    match_phrase,
    name_at,
    org_extent,
    split_trailing_name,
    words_of,
)
from extractors.officials import vocab as officials_vocab
from extractors.page_noise import trailer_lines

DATA_DIR = Path(__file__).resolve().parent / "data"

_SENTENCE_END = re.compile(r"\n+|(?<=[.!?…])\s+(?=[\"“(]?[A-ZĐÀ-Ỹ])")


@dataclass(frozen=True)
class _Type:
    id: str
    pattern: re.Pattern[str]
    label: str | None
    badge: bool
    generic: bool
    needs_count: bool
    needs_article_word: str | None
    needs_count_or_giver: bool


@dataclass(frozen=True)
class _Vocab:
    types: tuple[_Type, ...]
    units: tuple[tuple[str, str], ...]
    before_max_words: int
    forbidden: re.Pattern[str]
    prepositions: tuple[str, ...]
    chain: tuple[str, ...]
    named_bridges: tuple[str, ...]
    named_introducers: tuple[str, ...]
    posthumous: tuple[str, ...]
    past_honours: str
    not_award_before: tuple[str, ...]
    reasons: tuple[re.Pattern[str], ...]
    reason_followup: str
    giver_verbs: tuple[str, ...]
    giver_max_words: int
    occasion: re.Pattern[str]
    copulas: tuple[str, ...]
    receive_gap: re.Pattern[str]
    collective_heads: tuple[str, ...]
    collective_stop: re.Pattern[str]
    on_behalf_of: re.Pattern[str]
    caption_mark: re.Pattern[str]
    not_award_after: re.Pattern[str]
    not_giver_between: frozenset[str]
    held_before: re.Pattern[str]


@lru_cache(maxsize=1)
def _vocab() -> _Vocab:
    d = json.loads((DATA_DIR / "awards.json").read_text(encoding="utf-8"))
    types = tuple(
        _Type(
            t["id"],
            re.compile(r"(?<!\w)(?:" + t["pattern"] + r")(?!\w)"),
            t.get("label"),
            bool(t.get("badge")),
            bool(t.get("generic")),
            bool(t.get("needs_count")),
            t.get("needs_article_word"),
            bool(t.get("needs_count_or_giver")),
        )
        for t in d["types"]
    )
    units = tuple(sorted(d["units"].items(), key=lambda kv: -len(kv[0])))
    return _Vocab(
        types=types,
        units=units,
        before_max_words=int(d["before_award_max_words"]),
        forbidden=re.compile(d["count_to_award_forbidden"]),
        prepositions=tuple(sorted(d["award_to_count_prepositions"], key=len, reverse=True)),
        chain=tuple(d["count_chain"]),
        named_bridges=tuple(sorted(d["named_bridges"], key=len, reverse=True)),
        named_introducers=tuple(d["named_introducers"]),
        posthumous=tuple(d["posthumous"]),
        past_honours=d["past_honours_before"],
        not_award_before=tuple(d["not_an_award_before"]),
        reasons=tuple(re.compile(p) for p in d["reason_patterns"]),
        reason_followup=d["reason_followup"],
        giver_verbs=tuple(d["giver_verbs"]),
        giver_max_words=int(d["giver_max_words_before_verb"]),
        occasion=re.compile(r" (?:" + d["occasion_before_recipients"] + ")"),
        copulas=tuple(d["named_copulas"]),
        receive_gap=re.compile(d["named_receive_gap"]),
        collective_heads=tuple(sorted(d["collective_recipient_heads"], key=len, reverse=True)),
        collective_stop=re.compile(d["collective_recipient_stop"]),
        on_behalf_of=re.compile(d["on_behalf_of"]),
        caption_mark=re.compile(d["caption_mark"]),
        not_award_after=re.compile(d["not_an_award_after"]),
        not_giver_between=frozenset(d["not_a_giver_between"]),
        held_before=re.compile(d["held_by_a_unit_before_count"]),
    )


@dataclass
class _Count:
    start: int
    end: int
    value: int
    role: str  # collectives | individuals | mixed


@dataclass
class _Mention:
    start: int
    end: int
    label: str
    type: _Type
    collectives: int | None = None
    individuals: int | None = None
    total: int | None = None
    recipients: list[str] = field(default_factory=list)
    span_start: int = 0
    span_end: int = 0
    body: str | None = None
    reason: str | None = None
    caption: bool = False
    held: bool = False  # "Đảng bộ X có N đảng viên nhận Huy hiệu": the unit holds part of the recipients

    @property
    def counted(self) -> bool:
        return self.collectives is not None or self.individuals is not None or self.total is not None

    def add(self, c: _Count) -> bool:
        """Attach a count to this award; False when its slot is already filled."""
        if c.role == "collectives":
            if self.collectives is not None:
                return False
            self.collectives = c.value
        elif c.role == "individuals":
            if self.individuals is not None:
                return False
            self.individuals = c.value
        else:
            if self.total is not None:
                return False
            self.total = c.value
        self.span_start = min(self.span_start, c.start)
        self.span_end = max(self.span_end, c.end)
        return True


def _sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans: lines first (headlines and captions end without a full stop)."""
    spans, pos = [], 0
    for m in _SENTENCE_END.finditer(text):
        if m.start() > pos:
            spans.append((pos, m.start()))
        pos = m.end()
    if pos < len(text):
        spans.append((pos, len(text)))
    return spans


def _counts(text: str, s: int, e: int) -> list[_Count]:
    """Numbers followed by a counted noun ("4 tập thể", "hai đảng viên") within [s, e)."""
    v = _vocab()
    out = []
    for n in find_numbers(text[s:e]):
        if not isinstance(n.value, int) or isinstance(n.value, bool) or n.value_to is not None:
            continue
        rest = text[s + n.end : e]
        for unit, role in v.units:
            if rest.startswith(" " + unit) and not re.match(r"\w", rest[len(unit) + 1 : len(unit) + 2]):
                out.append(_Count(s + n.text_start, s + n.end + 1 + len(unit), n.value, role))
                break
    return out


def _label(t: _Type, m: re.Match[str]) -> str:
    if t.label is None:
        return m.group(0)
    groups = [g for g in m.groups() if g]
    return t.label.format(n=groups[0] if groups else "", m=groups[1] if len(groups) > 1 else "")


def _mentions(text: str, s: int, e: int, article_folded: str) -> list[_Mention]:
    """Award-type mentions in a sentence; earlier types in the vocabulary win overlaps."""
    v = _vocab()
    taken: list[tuple[int, int]] = []
    out: list[_Mention] = []
    chunk = text[s:e]
    for t in v.types:
        if t.needs_article_word and t.needs_article_word not in article_folded:
            continue
        for m in t.pattern.finditer(chunk):
            a, b = s + m.start(), s + m.end()
            if any(a < y and x < b for x, y in taken):
                continue
            stock = v.not_award_after.match(text[b:e])
            if stock:
                taken.append((a, b + stock.end()))
                continue
            if _excluded(text, s, a, t):
                continue
            taken.append((a, b))
            label = _label(t, m)
            before = text[max(s, a - 12) : a]
            if any(before.rstrip().endswith(p) for p in v.posthumous):
                label = "truy tặng " + label
            out.append(_Mention(a, b, label, t, span_start=a, span_end=b))
    return sorted(out, key=lambda x: x.start)


def _excluded(text: str, s: int, a: int, t: _Type) -> bool:
    """Past honours ("nhiều huy chương, bằng khen") and the emulation field ("thi đua, khen thưởng")."""
    v = _vocab()
    before = text[s:a]
    clause = re.split(r"[;.]", before)[-1]
    m = re.search(r"(?<!\w)" + v.past_honours + r"(?!\w)([^;.]*)$", clause)
    if m and len(m.group(1).split()) <= 6:
        return True
    if t.generic:
        tail = before.rstrip().casefold()
        if any(tail.endswith(p.casefold()) for p in v.not_award_before):
            return True
    return False


def _attach_counts(text: str, mentions: list[_Mention], counts: list[_Count]) -> None:
    """Tie counts to awards: "AWARD cho N …, M …" first, then "N … (được) nhận AWARD"."""
    v = _vocab()
    used: set[int] = set()
    for m in mentions:
        pos = _after_award(text, m)
        after = text[pos:]
        prep = next((p for p in v.prepositions if after.startswith(" " + p + " ")), None)
        if prep is not None:
            first = pos + len(prep) + 2
        elif after.startswith(": "):  # "Huy hiệu 40 năm tuổi Đảng: 330 đồng chí"
            first = pos + 2
        elif m.type.generic and after.startswith(" "):
            first = pos + 1
        else:
            continue
        chain_at = first
        for k, c in enumerate(counts):
            if k in used or c.start != chain_at:
                continue
            if not m.add(c):
                break
            used.add(k)
            rest = text[c.end :]
            link = re.match(r"(?:,| và| cùng với| cùng) ", rest)
            if not link:
                break
            chain_at = c.end + link.end()
    for m in mentions:
        if m.counted:
            continue
        for k in range(len(counts) - 1, -1, -1):
            c = counts[k]
            if k in used or c.end > m.start:
                continue
            gap = text[c.end : m.start]
            if v.forbidden.search(gap) or len(gap.split()) > v.before_max_words:
                break
            if any(o is not m and c.end <= o.start < m.start for o in mentions):
                break
            if re.search(r"\d", gap):
                break
            m.add(c)
            used.add(k)
            # "3 tập thể và 4 cá nhân được … tặng": the counts listed before the nearest one
            j = k
            while j > 0 and j - 1 not in used and _LIST_LINK.fullmatch(text[counts[j - 1].end : counts[j].start]):
                if not m.add(counts[j - 1]):
                    break
                used.add(j - 1)
                j -= 1
            giver = _GIVER_IN_PASSIVE.search(gap)
            if giver and m.body is None:
                m.body = giver.group(1)
            break


_LIST_LINK = re.compile(r"(?:,| và|, và) ")
_GIVER_IN_PASSIVE = re.compile(r"^ (?:đều )?được (.{2,60}?) (?:trao tặng|tặng|khen thưởng|trao) $")


def _after_award(text: str, m: _Mention) -> int:
    """Where the recipients may begin: past a giver ("Bằng khen của Chủ tịch UBND tỉnh cho …") and a
    wave or occasion ("Huy hiệu Đảng đợt 2/9 cho …", "… nhân dịp kỷ niệm … cho …")."""
    pos = m.end
    giver = re.match(r" của ([^,.;:\n]{2,60}?)(?= (?:cho|tới|đến|đối với) )", text[pos:])
    if giver:
        m.body = giver.group(1)
        pos += giver.end()
    occasion = _vocab().occasion.match(text, pos)
    return occasion.end() if occasion else pos


def _person_at(text: str, pos: int, end: int) -> tuple[str, int] | None:
    """ "đồng chí Lường Văn Piếng" at pos (an introducer, then a personal name): the name and its end."""
    v = _vocab()
    intro = next((i for i in v.named_introducers if text[pos : pos + len(i) + 1].lower() == i + " "), None)
    if intro is None:
        return None
    p = pos + len(intro) + 1
    window = text[p : min(end, p + 60)]
    words = words_of(window)
    if not words or words[0].start != 0:
        return None
    n = name_at(window, words, 0)
    if not n:
        return None
    return text[p : p + words[n - 1].end], p + words[n - 1].end


def _people_in(text: str, a: int, b: int) -> list[tuple[int, str, int]]:
    """Every introduced person in text[a:b]: (start, name, end)."""
    intro = "|".join(re.escape(i) for i in _vocab().named_introducers)
    out = []
    for k in re.finditer(r"(?<!\w)(?i:" + intro + r") ", text[a:b]):
        got = _person_at(text, a + k.start(), b)
        if got:
            out.append((a + k.start(), got[0], got[1]))
    return out


def _clause_start(text: str, s: int, a: int) -> int:
    return max(s, text.rfind(";", s, a) + 1)


def _named(m: _Mention, names: list[str], start: int, end: int) -> None:
    """Named persons: the count is the names unless one is given; persons are no collectives."""
    m.recipients.extend(names)
    if not m.counted:
        m.individuals = len(names)
    if m.collectives is None:
        m.collectives = 0
    m.span_start, m.span_end = min(m.span_start, start), max(m.span_end, end)


def _collective_at(text: str, pos: int, e: int) -> str | None:
    """A named collective recipient ("Đảng bộ, chính quyền và Nhân dân huyện X", "Công ty Y")."""
    v = _vocab()
    head = next((h for h in v.collective_heads if re.match(re.escape(h) + r"[ ,]", text[pos : pos + 40])), None)
    if head is None or (head[0].islower() and not text[pos + len(head) + 1 : pos + len(head) + 2].isupper()):
        return None
    stop = v.collective_stop.search(text, pos + len(head), e)
    phrase = text[pos : stop.start() if stop else e].rstrip(" ,")
    return phrase if len(phrase.split()) <= 16 else None


def _attach_names(text: str, s: int, e: int, mentions: list[_Mention]) -> None:
    """Named recipients: "Huy hiệu 45 năm tuổi Đảng được trao tặng đảng viên X", "… Huân chương … cho
    Đảng bộ Y", "Người nhận Huy hiệu 75 năm tuổi Đảng là đồng chí X", "đồng chí X (Huy hiệu 40 năm
    tuổi Đảng)", "đồng chí X, Bí thư Huyện ủy, được Chủ tịch nước tặng Huân chương …"."""
    v = _vocab()
    for m in mentions:
        pos = _after_award(text, m)
        copula = next((c for c in v.copulas if text.startswith(" " + c + " ", pos)), None)
        if copula is not None:
            first = pos + len(copula) + 2
            clause_end = text.find(";", first, e)
            people = _people_in(text, first, clause_end if clause_end >= 0 else e)
            if people and people[0][0] == first:
                _named(m, [n for _, n, _ in people], m.start, people[-1][2])
                continue
        if m.counted:
            continue
        after = text[pos : pos + 40]
        bridge = next((b for b in v.named_bridges if after.startswith(" " + b + " ")), None)
        if bridge is not None:
            at = pos + len(bridge) + 2
            person = _person_at(text, at, e)
            if person:
                _named(m, [person[0]], m.start, person[1])
                continue
            collective = None if m.type.badge or m.type.generic else _collective_at(text, at, e)
            if collective:
                m.recipients.append(collective)
                m.collectives, m.individuals = 1, 0
                m.span_end = at + len(collective)
                continue
        cs = _clause_start(text, s, m.start)
        people = _people_in(text, cs, m.start)
        if not people:
            continue
        p_start, name, p_end = people[-1]
        if text[m.start - 1 : m.start] == "(" and text.startswith(")", m.end) and text[p_end : m.start] == " (":
            if "truy tặng" in text[s:p_start] and not m.label.startswith("truy tặng"):
                m.label = "truy tặng " + m.label
            _named(m, [name], p_start, m.end + 1)
            continue
        gap = v.receive_gap.match(text[p_end : m.start])
        if gap:
            if "truy tặng" in gap.group(0) and not m.label.startswith("truy tặng"):
                m.label = "truy tặng " + m.label
            if gap.group("giver"):
                m.body = gap.group("giver")
            _named(m, [name], p_start, m.end)


def _orgs(text: str, s: int, a: int) -> list[tuple[int, int]]:
    """Organisation phrases in text[s:a] (offsets into text), a trailing personal name cut off."""
    chunk = text[s:a]
    words = words_of(chunk)
    heads = officials_vocab().org_heads
    out = []
    i = 0
    while i < len(words):
        h = match_phrase(words, i, heads)
        if h and words[i].text[:1].isupper():
            k = max(org_extent(chunk, words, i + h) if i + h < len(words) else i + h, i + h)
            cut = split_trailing_name(chunk, words, i + h, k)
            end = cut if cut is not None else k
            out.append((s + words[i].start, s + words[end - 1].end))
            i = k
        else:
            i += 1
    return out


def _title_start(text: str, s: int, org_start: int) -> int:
    """Where a position title right before an organisation begins ("Chủ tịch UBND tỉnh" gives
    Bằng khen, not the committee), else the organisation's own start."""
    words = words_of(text[s:org_start])
    titles = officials_vocab().titles
    for i in range(max(0, len(words) - officials_vocab().max_phrase), len(words)):
        if words[i].text[:1].isupper() and match_phrase(words, i, titles) == len(words) - i:
            return s + words[i].start
    return org_start


def _body_before(text: str, s: int, a: int) -> tuple[str, int | None] | None:
    """The giver: an organisation before the award followed by a giving verb ("Thị ủy X khen thưởng"),
    with its start when it opens the award's clause; else the organisation whose decision it is
    ("Quyết định … của Ban Thường vụ Tỉnh ủy"), with no start."""
    v = _vocab()
    orgs = _orgs(text, s, a)
    for os_, oe in reversed(orgs):
        between = text[oe:a].split()
        joined = " " + " ".join(between[: v.giver_max_words + 2]) + " "
        near = len(between) <= v.giver_max_words and not set(between) & v.not_giver_between
        if near or any(f" {verb} " in joined for verb in v.giver_verbs):
            start = _title_start(text, s, os_)
            return text[start:oe], None if re.search(r"[,;:]", text[oe:a]) else start
    for os_, oe in reversed(orgs):
        if re.search(r"[Qq]uyết định(?: số \S+)? của $", text[s:os_]):
            return text[os_:oe], None
    return None


def _is_caption(text: str, a: int, b: int) -> bool:
    ls = text.rfind("\n", 0, a) + 1
    le = text.find("\n", b)
    return bool(_vocab().caption_mark.search(text[ls : le if le >= 0 else len(text)]))


def _complete_counts(text: str, m: _Mention) -> None:
    """ "Giấy khen cho 5 tổ chức cơ sở đảng": recipients of one kind only, so none of the other;
    left unknown when the other kind is mentioned uncounted ("… và nhiều cá nhân")."""
    if m.total is not None or (m.collectives is None) == (m.individuals is None):
        return
    if re.match(r"(?:,| và| cùng| cùng với) (?:nhiều|các|một số|những) ", text[m.span_end : m.span_end + 30]):
        return
    if m.collectives is None:
        m.collectives = 0
    else:
        m.individuals = 0


def _reason(text: str, s: int, e: int, from_pos: int) -> str | None:
    rest = text[from_pos:e]
    for p in _vocab().reasons:
        m = p.search(rest)
        if m:
            return m.group(0).strip().removeprefix("đã ").removeprefix("đều ").strip()
    return None


def find_awards(text: str) -> list[Award]:
    """Every award stated in the text, tiers and totals apart, each with its evidence span."""
    if not isinstance(text, str) or not text:
        return []
    v = _vocab()
    folded = text.casefold()
    sentences = _sentences(text)
    found: list[_Mention] = []
    last_body: str | None = None
    trailer = trailer_lines(text)
    for idx, (s, e) in enumerate(sentences):
        if any(a <= s < b or a < e <= b for a, b in trailer):
            continue
        mentions = _mentions(text, s, e, folded)
        if not mentions:
            continue
        counts = _counts(text, s, e)
        _attach_counts(text, mentions, counts)
        _attach_names(text, s, e, mentions)
        for m in mentions:
            if m.type.needs_count and not m.counted and not m.recipients:
                continue
            _complete_counts(text, m)
            m.caption = _is_caption(text, m.start, m.end)
            m.held = m.span_start < m.start and bool(v.held_before.search(text, s, m.span_start))
            if m.body is None:
                behalf = list(v.on_behalf_of.finditer(text, s, m.start))
                if behalf:
                    m.body = behalf[-1].group("body")
            if m.body is None:
                giver = _body_before(text, s, min(m.span_start, m.start))
                if giver is not None:
                    m.body = giver[0]
                    opens = giver[1] is not None and _clause_start(text, s, m.start) <= giver[1]
                    if opens and not any(o is not m and giver[1] <= o.start < m.start for o in mentions):
                        m.span_start = min(m.span_start, giver[1])  # "Huyện ủy X tặng Giấy khen cho …"
            if m.type.needs_count_or_giver and not m.counted and not m.recipients and m.body is None:
                continue
            if m.body is None and m.type.badge and (m.counted or m.recipients):
                m.body = last_body
            if m.type.badge and m.body:
                last_body = m.body
            m.reason = _reason(text, s, e, m.span_end)
            if m.reason is None and idx + 1 < len(sentences):
                ns, ne = sentences[idx + 1]
                if v.reason_followup in text[ns:ne]:
                    m.reason = _reason(text, ns, ne, ns)
            found.append(m)
    first_badge_body = next((m.body for m in found if m.type.badge and m.body), None)
    for m in found:
        if m.body is None and m.type.badge:
            m.body = first_badge_body
    return [_to_award(text, m) for m in _keep(found)]


def _keep(found: list[_Mention]) -> list[_Mention]:
    """Drop mentions without numbers beside counted awards, and the same award stated twice."""
    counted = [m for m in found if m.counted or m.recipients]
    counted = [m for m in counted if not _part_of_another(m, counted)]
    if counted:
        kept = counted
    else:
        seen: dict[str, _Mention] = {}
        for m in found:
            seen.setdefault(m.label.casefold(), m)
        kept = list(seen.values())
        if any(not m.type.generic for m in kept):
            kept = [m for m in kept if not m.type.generic]
    out: list[_Mention] = []
    for m in kept:
        twin = next((o for o in out if _same(o, m)), None)
        if twin is not None:
            if twin.caption != m.caption:
                if twin.caption:
                    out[out.index(twin)] = m  # a caption repeats its paragraph: report the paragraph
            elif twin.total is not None and m.total is None:
                out[out.index(twin)] = m  # the split figures are fuller than a "tập thể và cá nhân" total
            elif m.start > twin.start and twin.total is None and m.total is None:
                out[out.index(twin)] = m  # report the later (body) mention
            continue
        out.append(m)
    return sorted(out, key=lambda m: m.start)


def _part_of_another(m: _Mention, found: list[_Mention]) -> bool:
    """ "Đảng bộ thành phố X có 118 đảng viên nhận Huy hiệu đợt này": a unit's share of a larger
    presentation of the same award reported in the article, not an award of its own."""
    if not m.held or m.individuals is None or m.recipients:
        return False
    return any(
        o is not m and o.label.casefold() == m.label.casefold() and (o.individuals or 0) > m.individuals and not o.held
        for o in found
    )


def _same(a: _Mention, b: _Mention) -> bool:
    same_label = a.label.casefold() == b.label.casefold()
    if a.recipients != b.recipients or not (same_label or a.type.generic or b.type.generic):
        return False
    if not same_label and a.total is None and b.total is None:
        return False
    if a.total is not None or b.total is not None:
        ta = a.total if a.total is not None else (a.collectives or 0) + (a.individuals or 0)
        tb = b.total if b.total is not None else (b.collectives or 0) + (b.individuals or 0)
        return ta == tb
    return (a.collectives, a.individuals) == (b.collectives, b.individuals)


def _to_award(text: str, m: _Mention) -> Award:
    collectives = 0 if m.type.badge else m.collectives  # party badges go to persons only
    start, end = m.span_start, m.span_end
    return Award(
        start,
        end,
        text[start:end],
        f"award.{m.type.id}",
        m.label,
        m.body,
        collectives,
        m.individuals,
        list(m.recipients),
        m.reason,
    )
