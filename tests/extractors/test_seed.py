"""Seed acceptance: the project's founding article gives its five counts and three attainments."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors import extract_facts
from extractors.normalize import normalize_text

SEED = Path(__file__).resolve().parent.parent / "data" / "seed-bencat.txt"


@pytest.fixture(scope="module")
def seed() -> tuple[str, int]:
    text = normalize_text(SEED.read_text(encoding="utf-8"))
    body_start = text.index("\n") + 1  # the first line is the headline
    return text, body_start


def test_seed_counts(seed: tuple[str, int]) -> None:
    text, body_start = seed
    facts = extract_facts(text, body_start)
    got = [(c.value, c.unit) for c in facts.counts]
    assert got == [(31, "đảng viên"), (5, "đảng viên"), (6, "chi bộ"), (4, "tập thể"), (10, "cá nhân")]
    by_value = {c.value: c for c in facts.counts}
    assert by_value[31].subject == "đảng viên là công nhân lao động"
    assert by_value[31].indicator == "party.members_admitted"
    assert by_value[6].indicator == "party.cells_established"
    assert by_value[4].indicator == "awards.collectives"
    assert by_value[10].indicator == "awards.individuals"
    assert all(c.approximate is None and c.change is False for c in facts.counts)


def test_seed_percentages(seed: tuple[str, int]) -> None:
    text, body_start = seed
    facts = extract_facts(text, body_start)
    assert [(p.value, p.kind) for p in facts.percentages] == [
        (62.0, "attainment"),
        (167.0, "attainment"),
        (60.0, "attainment"),
    ]


def test_seed_evidence_is_the_text(seed: tuple[str, int]) -> None:
    text, body_start = seed
    facts = extract_facts(text, body_start)
    assert facts.total() >= 8
    for _, found in facts.items():
        for f in found:
            assert f.evidence == text[f.start : f.end]
