"""One spelling and one whitespace for every stored text, so rules and offsets agree.

The pipeline stores what `normalize_text` returns and every fact offset indexes into it.
underthesea rewrites NFD text, old tone placement and odd whitespace inside its tokenizer, so
applying the same fixes before tokenizing keeps its tokens aligned with the stored string.
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"

_TONES = "\u0300\u0301\u0303\u0309\u0323"  # grave, acute, tilde, hook above, dot below
_COMBINING = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f"
_LINE_BREAKS = {
    "\r\n": "\n",
    "\r": "\n",
    "\u2028": "\n",
    "\u2029": "\n\n",
    "\x85": "\n",
    "\x0b": "\n",
    "\x0c": "\n",
}
_SPACE_RE = re.compile(r"[^\S\n]+")  # any whitespace but a newline (tabs, NBSP, thin spaces…)
_SPACE_AROUND_NL_RE = re.compile(r" *\n *")
_MANY_NL_RE = re.compile(r"\n{3,}")


@lru_cache(maxsize=1)
def _tone_rule() -> tuple[re.Pattern[str], dict[str, str]]:
    """A regex for old-style toned pairs at a syllable's end, and each one's new spelling."""
    data = json.loads((DATA_DIR / "tone_marks.json").read_text(encoding="utf-8"))
    table: dict[str, str] = {}
    for pair in data["pairs"]:
        for first_upper in (False, True):
            for second_upper in (False, True):
                a = pair[0].upper() if first_upper else pair[0]
                b = pair[1].upper() if second_upper else pair[1]
                for tone in _TONES:
                    old = unicodedata.normalize("NFC", a + b + tone)
                    new = unicodedata.normalize("NFC", a + tone + b)
                    table[old] = new
    not_after = "".join(c + c.upper() for c in data["not_after"])
    alternatives = "|".join(sorted(table, key=len, reverse=True))
    pattern = re.compile(rf"(?<![{not_after}])({alternatives})(?![\w{_COMBINING}])")
    return pattern, table


def _drop_invisible(s: str) -> str:
    """Remove control and format characters (zero-width, soft hyphen, BOM), keeping newlines."""
    return "".join(
        c for c in s if c == "\n" or c == "\t" or c == " " or unicodedata.category(c) not in ("Cc", "Cf", "Cs")
    )


def normalize_text(s: str) -> str:
    """NFC, new-style tone marks, no control characters, one space between words, at most
    one blank line between paragraphs. Idempotent: normalizing twice changes nothing."""
    if not isinstance(s, str):
        raise TypeError(f"normalize_text expects str, not {type(s).__name__}")
    s = unicodedata.normalize("NFC", s)
    for old, new in _LINE_BREAKS.items():
        s = s.replace(old, new)
    s = _drop_invisible(s)
    s = unicodedata.normalize("NFC", s)
    s = _SPACE_RE.sub(" ", s)
    s = _SPACE_AROUND_NL_RE.sub("\n", s)
    s = _MANY_NL_RE.sub("\n\n", s)
    s = s.strip(" \n")
    pattern, table = _tone_rule()
    return pattern.sub(lambda m: table[m.group(1)], s)
