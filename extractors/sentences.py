"""Sentence spans: paragraphs (line breaks) first, then underthesea's `sent_tokenize` inside each.

`sent_tokenize` does not split at line breaks (a headline without a full stop would join the
next paragraph) and returns substrings of its input, so each sentence is located in the text
to give offsets into the stored string.
"""

from __future__ import annotations

import re

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


def sentence_at(spans: list[tuple[int, int]], offset: int) -> tuple[int, int] | None:
    """The sentence span that contains `offset`, or None."""
    for start, end in spans:
        if start <= offset < end:
            return start, end
    return None
