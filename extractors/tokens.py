"""Words of a stretch of text as a spaCy `Doc` whose token offsets index the stored text.

underthesea's `word_tokenize` finds Vietnamese words (several syllables each); spaCy gives the
`Matcher` for token patterns kept as data. `spacy.blank("vi")` would need pyvi, so the `Doc` is
built directly from the words and the spaces between them. Tokenizing is the expensive step
(~300 news sentences a second): callers tokenize only the stretch around a trigger.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.matcher import Matcher
from spacy.tokens import Doc
from spacy.vocab import Vocab

DATA_DIR = Path(__file__).resolve().parent / "data"


@lru_cache(maxsize=1)
def vocab() -> Vocab:
    """One shared vocabulary, so Docs and Matchers built here work together."""
    return Vocab()


def _word_tokenize(s: str) -> list[str]:
    from underthesea import word_tokenize

    try:
        return list(word_tokenize(s))
    except Exception:  # a tokenizer failure falls back to syllables
        return s.split()


def _align(text: str, words: list[str]) -> list[tuple[int, int]]:
    """Offsets of each word in `text`; words the tokenizer rewrote fall back to syllables."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for w in words:
        i = text.find(w, pos)
        if i < 0 or text[pos:i].strip():
            for syl in w.split():
                j = text.find(syl, pos)
                if j < 0 or text[pos:j].strip():
                    continue
                spans.append((j, j + len(syl)))
                pos = j + len(syl)
            continue
        spans.append((i, i + len(w)))
        pos = i + len(w)
    return spans


def tokenize(text: str, start: int = 0, end: int | None = None) -> tuple[Doc, int]:
    """A `Doc` of `text[start:end]` and the offset to add to a token's `idx` to index `text`.

    Every token's text equals the stored text at its offset (`text[base + t.idx : ...]`).
    """
    end = len(text) if end is None else end
    piece = text[start:end]
    lead = len(piece) - len(piece.lstrip())
    piece = piece.strip()
    base = start + lead
    spans = _align(piece, _word_tokenize(piece)) if piece else []
    words = [piece[a:b] for a, b in spans]
    spaces = [spans[k + 1][0] > spans[k][1] for k in range(len(spans) - 1)] + ([False] if spans else [])
    # Text skipped between aligned words (rare) is absorbed by recording its offset per token.
    doc = Doc(vocab(), words=words, spaces=spaces)
    doc.user_data["offsets"] = [base + a for a, _ in spans]
    return doc, base


def token_offset(doc: Doc, i: int) -> int:
    """Offset in the stored text of token `i` (exact even where the tokenizer skipped text)."""
    return int(doc.user_data["offsets"][i])


@lru_cache(maxsize=8)
def matcher(name: str) -> Matcher:
    """A spaCy `Matcher` from `data/<name>.json` (`{"RULE_ID": [[pattern], ...], ...}`)."""
    rules: dict[str, Any] = json.loads((DATA_DIR / f"{name}.json").read_text(encoding="utf-8"))
    m = Matcher(vocab())
    for rule_id, patterns in rules.items():
        if rule_id.startswith("_"):
            continue
        m.add(rule_id, patterns)
    return m
