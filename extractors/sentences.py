"""Sentence spans: paragraphs (line breaks) first, then underthesea's `sent_tokenize` inside each.

`sent_tokenize` does not split at line breaks (a headline without a full stop would join the
next paragraph) and returns substrings of its input, so each sentence is located in the text
to give offsets into the stored string. `trigger` says which sentences can hold a fact (digits,
number words, titles, award words from `data/trigger_patterns.json`): only those are worth the
tokenizer's time.
"""

from __future__ import annotations

import bisect
import json
import re
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

_LINE_RE = re.compile(r"[^\n]+")


def _sent_tokenize(s: str) -> list[str]:
    from underthesea import sent_tokenize

    try:
        return list(sent_tokenize(s))
    except Exception:  # a tokenizer failure must not lose the paragraph
        return [s]


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of every sentence in `text`, in order, stripped of surrounding spaces."""
    spans: list[tuple[int, int]] = []
    if not isinstance(text, str):
        return spans
    for line in _LINE_RE.finditer(text):
        para = line.group()
        if not para.strip():
            continue
        pos = 0
        for sent in _sent_tokenize(para):
            sent = sent.strip()
            if not sent:
                continue
            i = para.find(sent, pos)
            if i < 0:  # the tokenizer rewrote it: fall back to the rest of the paragraph
                break
            spans.append((line.start() + i, line.start() + i + len(sent)))
            pos = i + len(sent)
        rest = para[pos:]
        if rest.strip():
            lead = len(rest) - len(rest.lstrip())
            spans.append((line.start() + pos + lead, line.start() + len(para.rstrip())))
    return spans


@lru_cache(maxsize=8)
def cached_sentence_spans(text: str) -> tuple[tuple[int, int], ...]:
    """`sentence_spans` once per text, however many finders ask (str hashes are cached)."""
    return tuple(sentence_spans(text))


def sentence_at(spans: list[tuple[int, int]] | tuple[tuple[int, int], ...], offset: int) -> tuple[int, int] | None:
    """The sentence span that contains `offset`, or None."""
    k = bisect.bisect_right(spans, (offset, float("inf"))) - 1
    if k >= 0 and spans[k][0] <= offset < spans[k][1]:
        return spans[k][0], spans[k][1]
    return None


def _words_of_entry(data: object) -> list[str]:
    if isinstance(data, dict):
        return [str(k) for k in data]
    if isinstance(data, list):
        return [str(w) for w in data]
    return []


@lru_cache(maxsize=1)
def _trigger_config() -> tuple[re.Pattern[str], int]:
    """One regex for every trigger word (longest first), and the longest sentence to tag whole."""
    conf = json.loads((DATA_DIR / "trigger_patterns.json").read_text(encoding="utf-8"))
    words: set[str] = {w.casefold() for w in conf["award_words"]}
    for src in conf["from_files"]:
        data = json.loads((DATA_DIR / src["file"]).read_text(encoding="utf-8"))
        words.update(w.casefold() for w in _words_of_entry(data[src["key"]]))
    alts = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True) if w)
    digit = r"\d|" if conf.get("digits", True) else ""
    return re.compile(rf"{digit}(?<!\w)(?:{alts})(?!\w)", re.IGNORECASE), int(conf["max_sentence_chars"])


def trigger(sentence: str) -> bool:
    """Whether a sentence can hold a fact: a digit, a number word, a title or an award word."""
    return isinstance(sentence, str) and _trigger_config()[0].search(sentence) is not None


def max_sentence_chars() -> int:
    """Longer sentences are tagged by clause around the point asked about, not whole."""
    return _trigger_config()[1]


def triggered_spans(text: str) -> list[tuple[int, int]]:
    """The sentences of `text` that pass `trigger`, in order."""
    return [(a, b) for a, b in cached_sentence_spans(text) if trigger(text[a:b])]
