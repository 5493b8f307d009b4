"""The hand-annotated gold files stay well-formed, so the eval floor measures the extractor, not typos."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

GOLD_DIR = Path(__file__).resolve().parent
GOLD_FILES = sorted(GOLD_DIR.glob("*.json"))
TOP_KEYS = ("id", "source_url", "outlet", "title", "text", "truncated", "domain", "province", "notes", "gold")
FACT_KEYS = {
    "counts": ("value", "unit", "what", "evidence"),
    "percentages": ("value", "what", "evidence"),
    "officials": ("name", "title", "organization", "evidence"),
    "awards": ("awarding_body", "award", "recipients_collectives", "recipients_individuals",
               "recipient_names", "reason", "evidence"),
    "locations": ("name", "level"),
    "dates": ("text", "type"),
    "non_targets": ("text", "reason"),
}


def test_at_least_24_articles() -> None:
    assert len(GOLD_FILES) >= 24


def test_seed_is_not_copied_here() -> None:
    assert not (GOLD_DIR / "seed-bencat.json").exists()


@pytest.mark.parametrize("path", GOLD_FILES, ids=lambda p: p.stem)
def test_gold_file_is_consistent(path: Path) -> None:
    raw = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", raw) == raw, "file is not NFC"
    doc = json.loads(raw)
    for key in TOP_KEYS:
        assert key in doc, f"missing {key}"
    assert doc["id"] == path.stem
    assert doc["domain"] in ("party", "other")
    text = doc["text"]
    gold = doc["gold"]
    for kind, keys in FACT_KEYS.items():
        assert kind in gold, f"gold lacks {kind}"
        for record in gold[kind]:
            for key in keys:
                assert key in record, f"{kind} record lacks {key}: {record}"
            span = record.get("evidence") or record.get("text") or record.get("name")
            assert span in text, f"{kind}: {span!r} is not a substring of text"
    for count in gold["counts"]:
        assert isinstance(count["value"], (int, float)) and not isinstance(count["value"], bool)
    for award in gold["awards"]:
        for name in award["recipient_names"]:
            assert name in text
        if award["award"].startswith("Huy hiệu"):
            assert award["recipients_collectives"] == 0, "party badges go to persons only"
    for official in gold["officials"]:
        assert official["name"] in official["evidence"]
