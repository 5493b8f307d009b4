"""Score the extractor against hand-annotated articles, exactly as ../shared/eval/README.md says.

Spans are compared on a folded copy of the text (NFC, case and diacritics folded, whitespace runs
as one space). Counts and percentages match on equal value and overlapping span, one gold fact
to at most one prediction; `optional` gold records count neither way. Officials match on the
case-folded name, awards on overlapping span; dates report recall and value accuracy.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from corpus.model import Facts

Span = tuple[int, int]
Predict = Callable[[str, int], Facts]

SCORED = ("counts", "percentages", "officials", "awards")


# --- folding -----------------------------------------------------------------------------


def _fold_char(c: str) -> str:
    if c in "đĐ":
        return "d"
    base = "".join(ch for ch in unicodedata.normalize("NFD", c) if not unicodedata.combining(ch))
    return base.casefold()


class Folded:
    """A folded copy of a text with a map from original offsets to folded ones."""

    def __init__(self, text: str) -> None:
        out: list[str] = []
        self.map: list[int] = []
        length = 0
        prev_space = True  # leading whitespace is dropped
        for c in text:
            self.map.append(length)
            if c.isspace():
                if not prev_space:
                    out.append(" ")
                    length += 1
                prev_space = True
                continue
            f = _fold_char(c)
            out.append(f)
            length += len(f)
            if f:
                prev_space = False
        self.map.append(length)
        self.text = "".join(out)

    def span(self, start: int, end: int) -> Span:
        return self.map[start], self.map[end]

    def find_all(self, needle: str) -> list[Span]:
        """Every place where `needle` (folded) stands in the folded text."""
        f = fold(needle)
        if not f:
            return []
        spans = []
        i = self.text.find(f)
        while i >= 0:
            spans.append((i, i + len(f)))
            i = self.text.find(f, i + 1)
        return spans


def fold(s: str) -> str:
    """NFC, case and diacritics folded, whitespace runs as one space, ends stripped."""
    return Folded(unicodedata.normalize("NFC", s)).text.strip()


def _overlaps(a: Span, spans: list[Span]) -> bool:
    return any(a[0] < b[1] and b[0] < a[1] for b in spans)


def _pred_spans(pred: Any, text: str, folded: Folded) -> list[Span]:
    """A prediction's folded span: its offsets when valid, else where its evidence stands."""
    start, end = _get(pred, "start"), _get(pred, "end")
    evidence = _get(pred, "evidence")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return [folded.span(start, end)]
    if isinstance(evidence, str) and evidence.strip():
        return folded.find_all(evidence)
    return []


def _get(obj: Any, name: str) -> Any:
    return obj.get(name) if isinstance(obj, dict) else getattr(obj, name, None)


def _same_value(a: Any, b: Any) -> bool:
    try:
        return math.isclose(float(a), float(b), rel_tol=1e-9, abs_tol=1e-6)
    except (TypeError, ValueError):
        return False


# --- matching ------------------------------------------------------------------------------


def _max_matching(n_gold: int, edges: list[list[int]], taken: set[int]) -> dict[int, int]:
    """Maximum one-to-one matching gold -> prediction (Kuhn), avoiding predictions in `taken`."""
    owner: dict[int, int] = {}

    def augment(g: int, seen: set[int]) -> bool:
        for p in edges[g]:
            if p in taken or p in seen:
                continue
            seen.add(p)
            if p not in owner or augment(owner[p], seen):
                owner[p] = g
                return True
        return False

    for g in range(n_gold):
        augment(g, set())
    return {g: p for p, g in owner.items()}


@dataclass
class TypeScore:
    """Matched, predicted and gold totals for one fact type, plus an accuracy over the matched."""

    matched: int = 0
    predicted: int = 0
    gold: int = 0
    accurate: int = 0  # of the matched: unit / role / count accuracy

    @property
    def precision(self) -> float:
        return self.matched / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float | None:
        return self.accurate / self.matched if self.matched else None

    def add(self, other: TypeScore) -> None:
        self.matched += other.matched
        self.predicted += other.predicted
        self.gold += other.gold
        self.accurate += other.accurate


@dataclass
class DateScore:
    gold: int = 0
    found: int = 0
    value_ok: int = 0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0

    @property
    def value_accuracy(self) -> float | None:
        return self.value_ok / self.found if self.found else None


@dataclass
class ArticleScore:
    """One article's scores and the facts that went wrong, for `details()`."""

    id: str
    scores: dict[str, TypeScore] = field(default_factory=dict)
    dates: DateScore = field(default_factory=DateScore)
    misses: list[str] = field(default_factory=list)
    spurious: list[str] = field(default_factory=list)
    inaccurate: list[str] = field(default_factory=list)


def _gold_spans(g: dict[str, Any], folded: Folded, key: str = "evidence") -> list[Span]:
    ev = g.get(key)
    return folded.find_all(ev) if isinstance(ev, str) else []


def _words(s: str | None) -> set[str]:
    return set(re.findall(r"\w+", fold(s or "")))


def _role_ok(pred: Any, gold: dict[str, Any]) -> bool:
    mine = _words(f"{_get(pred, 'title') or ''} {_get(pred, 'organization') or ''}")
    theirs = _words(f"{gold.get('title') or ''} {gold.get('organization') or ''}")
    return bool(mine) and len(mine & theirs) * 2 >= len(mine)


def _unit_ok(pred: Any, gold: dict[str, Any]) -> bool:
    a, b = _get(pred, "unit"), gold.get("unit")
    if a is None or b is None:
        return a is b
    norm = lambda s: " ".join(unicodedata.normalize("NFC", s).casefold().split())  # noqa: E731
    return norm(a) == norm(b)


def _award_counts_ok(pred: Any, gold: dict[str, Any]) -> bool:
    return _get(pred, "collectives") == gold.get("recipients_collectives") and _get(pred, "individuals") == gold.get(
        "recipients_individuals"
    )


def _describe(fact: Any) -> str:
    parts = [f"{k}={_get(fact, k)!r}" for k in ("value", "unit", "name", "title", "award") if _get(fact, k)]
    return f"{' '.join(parts)} «{_get(fact, 'evidence') or _get(fact, 'text')}»"


def _score_type(
    kind: str, golds: list[dict[str, Any]], preds: list[Any], text: str, folded: Folded, art: ArticleScore
) -> TypeScore:
    gold_spans = [_gold_spans(g, folded) for g in golds]
    pred_spans = [_pred_spans(p, text, folded) for p in preds]

    def ok(gi: int, pi: int) -> bool:
        g, p = golds[gi], preds[pi]
        if kind in ("counts", "percentages"):
            return _same_value(_get(p, "value"), g.get("value")) and any(
                _overlaps(ps, gold_spans[gi]) for ps in pred_spans[pi]
            )
        if kind == "officials":
            return fold(str(_get(p, "name") or "")) == fold(str(g.get("name") or "")) != ""
        return any(_overlaps(ps, gold_spans[gi]) for ps in pred_spans[pi])  # awards

    required = [i for i, g in enumerate(golds) if not g.get("optional")]
    optional = [i for i, g in enumerate(golds) if g.get("optional")]
    edges_req = [[pi for pi in range(len(preds)) if ok(gi, pi)] for gi in required]
    match_req = _max_matching(len(required), edges_req, set())
    used = set(match_req.values())
    edges_opt = [[pi for pi in range(len(preds)) if ok(gi, pi)] for gi in optional]
    match_opt = _max_matching(len(optional), edges_opt, used)
    excused = set(match_opt.values())

    score = TypeScore(matched=len(match_req), predicted=len(preds) - len(excused), gold=len(required))
    check = {"counts": _unit_ok, "officials": _role_ok, "awards": _award_counts_ok}.get(kind)
    for k, gi in enumerate(required):
        g = golds[gi]
        if k not in match_req:
            art.misses.append(f"{kind}: {_describe(g)}")
            continue
        p = preds[match_req[k]]
        if check is not None:
            if check(p, g):
                score.accurate += 1
            else:
                art.inaccurate.append(f"{kind}: got {_describe(p)} want {_describe(g)}")
    for pi, p in enumerate(preds):
        if pi not in used and pi not in excused:
            art.spurious.append(f"{kind}: {_describe(p)}")
    return score


_ISO_PART = r"(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|--\d{2}(?:-\d{2})?)"
_ISO_RE = re.compile(rf"^{_ISO_PART}(?:/{_ISO_PART})?$")


def _date_agrees(pred_value: Any, gold_value: str) -> bool:
    """Equal, or equal once the gold's year is dropped (the text may not state the year)."""
    if not isinstance(pred_value, str) or not pred_value:
        return False
    if pred_value == gold_value:
        return True
    return pred_value.startswith("--") and re.fullmatch(r"\d{4}" + re.escape(pred_value[1:]), gold_value) is not None


def _score_dates(golds: list[dict[str, Any]], preds: list[Any], text: str, folded: Folded, art: ArticleScore) -> None:
    pred_spans = [_pred_spans(p, text, folded) for p in preds]
    for g in golds:
        norm = g.get("normalized")
        if not isinstance(norm, str) or not _ISO_RE.match(norm):
            continue
        art.dates.gold += 1
        spans = _gold_spans(g, folded, key="text")
        hits = [p for p, ps in zip(preds, pred_spans, strict=True) if any(_overlaps(s, spans) for s in ps)]
        if not hits:
            art.misses.append(f"dates: {g.get('text')!r} = {norm}")
            continue
        art.dates.found += 1
        lo, _, hi = norm.partition("/")
        if any(_date_agrees(_get(p, "value"), lo) and (not hi or _date_agrees(_get(p, "value_to"), hi)) for p in hits):
            art.dates.value_ok += 1
        else:
            got = ", ".join(f"{_get(p, 'value')}/{_get(p, 'value_to')}" for p in hits)
            art.inaccurate.append(f"dates: {g.get('text')!r} want {norm} got {got}")


def score_article(gold: dict[str, Any], facts: Facts | dict[str, Any], text: str | None = None) -> ArticleScore:
    """Score one article's predicted facts against its gold record (README's rules)."""
    text = gold["text"] if text is None else text
    folded = Folded(text)
    art = ArticleScore(id=str(gold.get("id", "?")))
    g = gold.get("gold", {})

    def preds(kind: str) -> list[Any]:
        return list(facts.get(kind, []) if isinstance(facts, dict) else getattr(facts, kind))

    for kind in SCORED:
        art.scores[kind] = _score_type(kind, list(g.get(kind, [])), preds(kind), text, folded, art)
    _score_dates(list(g.get("dates", [])), preds("dates"), text, folded, art)
    return art


# --- loading and the report -----------------------------------------------------------------


def load_gold(gold_dir: Path) -> list[dict[str, Any]]:
    """Every annotated article in `gold_dir` (`*.json`), checked enough to be scored."""
    gold_dir = Path(gold_dir)
    if not gold_dir.is_dir():
        raise ValueError(f"gold directory not found: {gold_dir}")
    files = sorted(gold_dir.glob("*.json"))
    if not files:
        raise ValueError(f"no gold files (*.json) in {gold_dir}")
    out = []
    for f in files:
        try:
            data = json.loads(f.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise ValueError(f"cannot read gold file {f}: {exc}") from None
        if not isinstance(data, dict) or not isinstance(data.get("text"), str):
            raise ValueError(f"gold file {f} has no 'text' string")
        if not isinstance(data.get("gold", {}), dict):
            raise ValueError(f"gold file {f}: 'gold' is not an object")
        data.setdefault("id", f.stem)
        out.append(data)
    return out


@dataclass
class EvalReport:
    """Totals over all articles, and each article's misses and spurious facts."""

    articles: list[ArticleScore]
    totals: dict[str, TypeScore]
    dates: DateScore

    ACCURACY_NAMES = {"counts": "unit accuracy", "officials": "role accuracy", "awards": "count accuracy"}

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"articles": len(self.articles)}
        for kind, s in self.totals.items():
            out[kind] = {
                "precision": round(s.precision, 4),
                "recall": round(s.recall, 4),
                "f1": round(s.f1, 4),
                "matched": s.matched,
                "predicted": s.predicted,
                "gold": s.gold,
            }
            if kind in self.ACCURACY_NAMES:
                acc = s.accuracy
                out[kind][self.ACCURACY_NAMES[kind].replace(" ", "_")] = None if acc is None else round(acc, 4)
        va = self.dates.value_accuracy
        out["dates"] = {
            "recall": round(self.dates.recall, 4),
            "value_accuracy": None if va is None else round(va, 4),
            "found": self.dates.found,
            "gold": self.dates.gold,
        }
        return out

    def table(self) -> str:
        lines = [f"{'type':<12} {'P':>6} {'R':>6} {'F1':>6} {'match':>6} {'pred':>5} {'gold':>5}  accuracy"]
        for kind, s in self.totals.items():
            acc = s.accuracy
            acc_s = (
                f"{self.ACCURACY_NAMES.get(kind, '')} {acc:.3f}"
                if acc is not None and kind in self.ACCURACY_NAMES
                else ""
            )
            lines.append(
                f"{kind:<12} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} "
                f"{s.matched:6d} {s.predicted:5d} {s.gold:5d}  {acc_s}"
            )
        va = self.dates.value_accuracy
        va_s = "n/a" if va is None else f"{va:.3f}"
        lines.append(
            f"{'dates':<12} recall {self.dates.recall:.3f} ({self.dates.found}/{self.dates.gold}), "
            f"value accuracy {va_s}"
        )
        return "\n".join(lines)

    def details(self) -> str:
        out = []
        for a in self.articles:
            if not (a.misses or a.spurious or a.inaccurate):
                continue
            out.append(f"== {a.id}")
            out += [f"  miss     {m}" for m in a.misses]
            out += [f"  spurious {m}" for m in a.spurious]
            out += [f"  wrong    {m}" for m in a.inaccurate]
        return "\n".join(out) if out else "no misses, no spurious facts"


def body_start_of(article: dict[str, Any], text: str) -> int:
    """Where the body begins: after the headline when the text starts with the gold title."""
    title = article.get("title")
    if isinstance(title, str) and title.strip():
        t = title.strip()
        if text.startswith(t):
            return len(t)
    return 0


def evaluate(gold_dir: Path, predict: Predict | None = None) -> EvalReport:
    """Run every gold article's text through the extractor (or `predict`) and score it."""
    from extractors import extract_facts
    from extractors.normalize import normalize_text

    predict = predict or extract_facts
    articles = []
    totals = {k: TypeScore() for k in SCORED}
    dates = DateScore()
    for gold in load_gold(gold_dir):
        text = normalize_text(gold["text"])
        facts = predict(text, body_start_of(gold, text))
        art = score_article(gold, facts, text)
        articles.append(art)
        for k in SCORED:
            totals[k].add(art.scores[k])
        dates.gold += art.dates.gold
        dates.found += art.dates.found
        dates.value_ok += art.dates.value_ok
    return EvalReport(articles=articles, totals=totals, dates=dates)
