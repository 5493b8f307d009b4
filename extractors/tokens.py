"""Words and POS of a sentence as a spaCy `Doc` whose token offsets index the stored text.

underthesea's `pos_tag` finds Vietnamese words (several syllables each) and their tags; spaCy
gives the `Matcher` and `EntityRuler` for token patterns kept as data. `spacy.blank("vi")` would
need pyvi, so the `Doc` is built directly from the words (on a blank multi-language pipeline).

Three things keep the tokens honest (DESIGN.md, pitfalls): words are aligned to the text
syllable by syllable, comparing folded letters where underthesea rewrote a spelling, so each
token's offset is exact even around tabs or no-break spaces; titles and organisations from the
vocabularies become exactly one token each, splitting a fused "Bí thư Thị ủy" and joining a
split "Phó" + "Bí thư"; and tagging, the slow step (~375 sentences a second), runs once per
sentence and text, under a lock because underthesea is not thread-safe on first use.
"""

from __future__ import annotations

import json
import threading
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Token
from spacy.vocab import Vocab

from extractors import sentences

DATA_DIR = Path(__file__).resolve().parent / "data"

_LOCK = threading.Lock()
_CACHE_SIZE = 512
_DOCS: OrderedDict[tuple[str, int, int], Doc] = OrderedDict()


@dataclass(frozen=True)
class _Config:
    upos: dict[str, str]
    lexicon: dict[tuple[str, ...], str]  # phrase (case-folded syllables) -> label
    split_labels: frozenset[str]
    max_phrase: int
    name_punct: str


@lru_cache(maxsize=1)
def _config() -> _Config:
    conf = json.loads((DATA_DIR / "token_patterns.json").read_text(encoding="utf-8"))
    lexicon: dict[tuple[str, ...], str] = {}
    for src in conf["entities"]:
        data = json.loads((DATA_DIR / src["file"]).read_text(encoding="utf-8"))[src["key"]]
        for phrase in data:
            key = tuple(str(phrase).casefold().split())
            lexicon.setdefault(key, src["label"])
    return _Config(
        upos=dict(conf["upos"]),
        lexicon=lexicon,
        split_labels=frozenset(conf["resegment"]),
        max_phrase=max(len(k) for k in lexicon),
        name_punct=conf["name_punct"],
    )


def _is_name_syllable(s: str) -> bool:
    return s.isalpha() and s[0].isupper() and (len(s) == 1 or s[1:].islower())


def _is_name_part(token: Token) -> bool:
    """A token that can belong to a personal name: a proper noun, or capitalised syllables
    ("K", "' Mát", "Chih-Wei"), and not a title, organisation or honorific."""
    if token.ent_type_:
        return False
    punct = _config().name_punct
    text = token.text
    if text and all(c in punct or c.isspace() for c in text):
        return "-" not in text  # a lone apostrophe joins "K' Mát"; a lone hyphen separates
    parts = [p for p in "".join(" " if c in punct else c for c in text).split() if p]
    if not parts:
        return False
    if token.tag_ == "Np":
        return parts[0][0].isupper()
    return all(_is_name_syllable(p) for p in parts)


@lru_cache(maxsize=1)
def nlp() -> Language:
    """A blank pipeline holding the shared vocabulary and the EntityRuler built from the data."""
    import spacy

    Token.set_extension("name_part", getter=_is_name_part, force=True)
    Token.set_extension("capitalised", getter=lambda t: t.text[:1].isupper(), force=True)
    pipeline = spacy.blank("xx")
    ruler = pipeline.add_pipe("entity_ruler", config={"overwrite_ents": True})
    ruler.add_patterns(  # type: ignore[attr-defined]
        [{"label": label, "pattern": [{"NORM": " ".join(k)}]} for k, label in _config().lexicon.items()]
    )
    return pipeline


def vocab() -> Vocab:
    """One shared vocabulary, so Docs and Matchers built here work together."""
    return nlp().vocab


def _pos_tag(s: str) -> list[tuple[str, str]]:
    from underthesea import pos_tag

    try:
        with _LOCK:
            return [(str(w), str(t)) for w, t in pos_tag(s)]
    except Exception:  # a tokenizer failure falls back to untagged syllables
        return [(w, "X") for w in s.split()]


def _fold(s: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c))
    return base.replace("đ", "d").replace("Đ", "D").casefold()


def _find_syllable(text: str, pos: int, syl: str) -> tuple[int, int] | None:
    """Where syllable `syl` stands at `pos` (after whitespace), exactly or as a respelling."""
    p = pos
    while p < len(text) and text[p].isspace():
        p += 1
    if text.startswith(syl, p):
        return p, p + len(syl)
    target = _fold(syl)
    for n in range(1, len(syl) + 4):
        end = p + n
        if end > len(text):
            break
        if _fold(text[p:end]) == target and (end == len(text) or not unicodedata.combining(text[end])):
            return p, end
    i = text.find(syl, p, p + 40)  # the tokenizer dropped a character: skip it
    return (i, i + len(syl)) if i >= 0 else None


def _syllables(text: str, tagged: list[tuple[str, str]]) -> list[tuple[int, int, int]]:
    """(start, end, word index) of every syllable of every tagged word, in text order."""
    out: list[tuple[int, int, int]] = []
    pos = 0
    for wi, (word, _) in enumerate(tagged):
        for syl in word.split():
            found = _find_syllable(text, pos, syl)
            if found is None:
                continue
            out.append((found[0], found[1], wi))
            pos = found[1]
    return out


def _phrases(text: str, syls: list[tuple[int, int, int]], tagged: list[tuple[str, str]]) -> dict[int, tuple[int, str]]:
    """Vocabulary phrases to make one token each: syllable index -> (length, label)."""
    conf = _config()
    keys = [text[a:b].casefold() for a, b, _ in syls]
    first_of_word = {k for k in range(len(syls)) if k == 0 or syls[k - 1][2] != syls[k][2]}
    out: dict[int, tuple[int, str]] = {}
    k = 0
    while k < len(syls):
        best = 0
        for n in range(min(conf.max_phrase, len(syls) - k), 0, -1):
            label = conf.lexicon.get(tuple(keys[k : k + n]))
            if label is None:
                continue
            whole = k in first_of_word and (k + n == len(syls) or k + n in first_of_word)
            if not whole:
                # split a fused word only for a capitalised phrase of two syllables or more,
                # and inside a proper noun only at its start ("Huyện ủy Lâm Hà", not "Văn Trường")
                inside_np = k not in first_of_word and tagged[syls[k][2]][1] == "Np"
                if label not in conf.split_labels or n < 2 or not text[syls[k][0]].isupper() or inside_np:
                    continue
            best = n
            out[k] = (n, label)
            break
        k += best or 1
    return out


def _build(text: str, base: int, tagged: list[tuple[str, str]]) -> Doc:
    conf = _config()
    syls = _syllables(text, tagged)
    groups = _phrases(text, syls, tagged)
    spans: list[tuple[int, int, str]] = []  # token start, end (in `text`), underthesea tag
    k = 0
    while k < len(syls):
        if k in groups:
            n, _ = groups[k]
            spans.append((syls[k][0], syls[k + n - 1][1], "N"))
            k += n
            continue
        j = k + 1
        while j < len(syls) and syls[j][2] == syls[k][2] and j not in groups:
            j += 1
        spans.append((syls[k][0], syls[j - 1][1], tagged[syls[k][2]][1]))
        k = j
    words = [text[a:b] for a, b, _ in spans]
    spaces = [spans[i + 1][0] > spans[i][1] for i in range(len(spans) - 1)] + ([False] if spans else [])
    tags = [t for _, _, t in spans]
    doc = Doc(vocab(), words=words, spaces=spaces, tags=tags, pos=[conf.upos.get(t, "X") for t in tags])
    for tok in doc:
        tok.norm_ = " ".join(tok.text.casefold().split())
    doc.user_data["offsets"] = [base + a for a, _, _ in spans]
    doc.user_data["ends"] = [base + b for _, b, _ in spans]
    return nlp().get_pipe("entity_ruler")(doc)


def tag(text: str, start: int = 0, end: int | None = None) -> Doc:
    """A tagged `Doc` of `text[start:end]`, cached per (text, start, end).

    Every token equals the text at its offset: `text[token_offset(doc, i):token_end(doc, i)]`.
    `token.tag_` is underthesea's tag, `token.pos_` the Universal POS, `doc.ents` the titles,
    organisations and name introducers of the vocabularies.
    """
    if not isinstance(text, str):
        raise TypeError(f"tokens.tag expects the text as str, not {type(text).__name__}")
    end = len(text) if end is None else min(end, len(text))
    start = max(0, min(start, end))
    key = (text, start, end)
    doc = _DOCS.get(key)
    if doc is not None:
        _DOCS.move_to_end(key)
        return doc
    piece = text[start:end]
    doc = _build(piece, start, _pos_tag(" ".join(piece.split())) if piece.strip() else [])
    _DOCS[key] = doc
    if len(_DOCS) > _CACHE_SIZE:
        _DOCS.popitem(last=False)
    return doc


def tokenize(text: str, start: int = 0, end: int | None = None) -> tuple[Doc, int]:
    """A `Doc` of `text[start:end]` and the offset to add to a token's `idx` to index `text`.

    Kept for callers that think in `idx`; `token_offset` is exact even where gaps were folded.
    """
    doc = tag(text, start, end)
    base = int(doc.user_data["offsets"][0]) - doc[0].idx if len(doc) else start
    return doc, base


def token_offset(doc: Doc, i: int) -> int:
    """Offset in the stored text where token `i` starts."""
    return int(doc.user_data["offsets"][i])


def token_end(doc: Doc, i: int) -> int:
    """Offset in the stored text where token `i` ends (exclusive)."""
    return int(doc.user_data["ends"][i])


def token_at(doc: Doc, offset: int) -> int | None:
    """Index of the first token that starts at or after `offset`, or None."""
    for i, off in enumerate(doc.user_data["offsets"]):
        if off >= offset:
            return i
    return None


def sentence_doc(text: str, offset: int) -> Doc | None:
    """The tagged `Doc` of the sentence holding `offset`, or None when that sentence holds no
    trigger. A long sentence is cut to the clause (between semicolons) around `offset`."""
    span = sentences.sentence_at(sentences.cached_sentence_spans(text), offset)
    if span is None or not sentences.trigger(text[span[0] : span[1]]):
        return None
    a, b = span
    limit = sentences.max_sentence_chars()
    if b - a > limit:
        a = max(a, text.rfind(";", a, offset) + 1, offset - limit // 2)
        semi = text.find(";", offset, b)
        b = min(b if semi < 0 else semi, a + limit)
        while a < offset and not text[a - 1].isspace() and a > span[0]:
            a += 1  # start on a word boundary
        while b > offset + 1 and b < span[1] and not text[b].isspace():
            b -= 1
    return tag(text, a, b)


@lru_cache(maxsize=16)
def matcher(name: str) -> Matcher:
    """A spaCy `Matcher` from `data/<name>.json`.

    Each rule is `{"RULE_ID": [[pattern], ...]}` or `{"RULE_ID": {"patterns": [...], "greedy":
    "LONGEST"}}`; keys starting with "_" are comments.
    """
    rules: dict[str, Any] = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    nlp()  # the extension attributes the patterns may use
    m = Matcher(vocab())
    for rule_id, spec in rules.items():
        if rule_id.startswith("_"):
            continue
        if isinstance(spec, dict):
            m.add(rule_id, spec["patterns"], greedy=spec.get("greedy"))
        else:
            m.add(rule_id, spec)
    return m


def clear_cache() -> None:
    """Forget every tagged stretch (benchmarks call it so that each run tags afresh)."""
    from extractors.sentences import cached_sentence_spans

    _DOCS.clear()
    cached_sentence_spans.cache_clear()
