"""The scorer on tiny hand-made gold/prediction pairs, each figure worked out by hand."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from corpus.model import Award, Count, DateMention, Facts, Official, Percentage
from extractors.evaluation import evaluate, fold, load_gold, score_article

TEXT = (
    "Huyện ủy kết nạp 200 đảng viên mới, đạt 62%. Khen thưởng 4 tập thể, 10 cá nhân. "
    "Ngày 27-11, đồng chí Bùi Minh Thạnh, Bí thư Thị ủy Bến Cát phát biểu."
)


def _count(text: str, needle: str, value: float, unit: str | None = None) -> Count:
    i = text.index(needle)
    return Count(start=i, end=i + len(needle), evidence=needle, rule="t", value=value, unit=unit)


def _gold(**facts: list[dict]) -> dict:
    return {"id": "t", "text": TEXT, "gold": facts}


def test_fold() -> None:
    assert fold("  Đảng   VIÊN\nmới ") == "dang vien moi"
    assert fold("Hoà") == fold("Hòa") == "hoa"


def test_counts_match_on_value_and_overlap_one_to_one() -> None:
    gold = _gold(
        counts=[
            {"value": 200, "unit": "đảng viên", "evidence": "kết nạp 200 đảng viên mới"},
            {"value": 4, "unit": "tập thể", "evidence": "4 tập thể"},
            {"value": 10, "unit": "cá nhân", "evidence": "10 cá nhân"},
        ]
    )
    facts = Facts(
        counts=[
            _count(TEXT, "200 đảng viên", 200, "đảng viên"),  # match, unit right
            _count(TEXT, "200 đảng viên mới", 200, "đảng viên mới"),  # second prediction for one gold: spurious
            _count(TEXT, "4 tập thể", 4, "tập"),  # match, unit wrong
            _count(TEXT, "10 cá nhân", 11, "cá nhân"),  # overlaps but wrong value: spurious, gold missed
        ]
    )
    art = score_article(gold, facts)
    s = art.scores["counts"]
    assert (s.matched, s.predicted, s.gold) == (2, 4, 3)
    assert s.precision == 0.5
    assert s.recall == pytest.approx(2 / 3)
    assert s.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))
    assert s.accuracy == 0.5  # unit right on 1 of the 2 matched
    assert len(art.misses) == 1 and len(art.spurious) == 2


def test_no_overlap_no_match() -> None:
    gold = _gold(counts=[{"value": 4, "unit": "tập thể", "evidence": "4 tập thể"}])
    s = score_article(gold, Facts(counts=[_count(TEXT, "10 cá nhân", 4, "tập thể")])).scores["counts"]
    assert (s.matched, s.predicted, s.gold) == (0, 1, 1)


def test_optional_counts_neither_way() -> None:
    gold = _gold(
        percentages=[{"value": 62.0, "evidence": "đạt 62%", "optional": True}],
        counts=[{"value": 4, "unit": "tập thể", "evidence": "4 tập thể", "optional": True}],
    )
    i = TEXT.index("62%")
    facts = Facts(percentages=[Percentage(start=i, end=i + 3, evidence="62%", rule="t", value=62.0)])
    art = score_article(gold, facts)
    p = art.scores["percentages"]
    assert (p.matched, p.predicted, p.gold) == (0, 0, 0)
    c = art.scores["counts"]
    assert (c.matched, c.predicted, c.gold) == (0, 0, 0)  # an unfound optional record is no miss
    assert art.misses == []


def test_prediction_without_offsets_is_found_by_evidence() -> None:
    gold = _gold(counts=[{"value": 4, "unit": "tập thể", "evidence": "4 tập thể"}])
    facts = {"counts": [{"start": None, "end": None, "evidence": "Thưởng 4 TẬP thể", "value": 4, "unit": "tập thể"}]}
    assert score_article(gold, facts).scores["counts"].matched == 1
    lost = {"counts": [{"start": None, "end": None, "evidence": "không có", "value": 4}]}
    assert score_article(gold, lost).scores["counts"].matched == 0


def test_officials_by_name_and_role_accuracy() -> None:
    gold = _gold(
        officials=[
            {"name": "Bùi Minh Thạnh", "title": "Bí thư Thị ủy", "organization": "Thị ủy Bến Cát", "evidence": "x"}
        ]
    )
    # prediction words {bí, thư, thị, ủy}: all in the gold's, so the role counts as right
    good = Official(
        start=0, end=1, evidence="H", rule="t", name="bùi minh thạnh", title="Bí thư", organization="Thị ủy"
    )
    # {phó, chủ, tịch, ubnd, tỉnh}: none shared
    bad = Official(start=0, end=1, evidence="H", rule="t", name="Bùi Minh Thạnh", title="Phó Chủ tịch UBND tỉnh")
    assert score_article(gold, Facts(officials=[good])).scores["officials"].accuracy == 1.0
    assert score_article(gold, Facts(officials=[bad])).scores["officials"].accuracy == 0.0
    other = Official(start=0, end=1, evidence="H", rule="t", name="Trần Văn A")
    assert score_article(gold, Facts(officials=[other])).scores["officials"].matched == 0


def test_awards_by_overlap_and_count_accuracy() -> None:
    gold = _gold(
        awards=[
            {
                "award": "khen thưởng",
                "recipients_collectives": 4,
                "recipients_individuals": 10,
                "evidence": "Khen thưởng 4 tập thể, 10 cá nhân",
            }
        ]
    )
    i = TEXT.index("Khen thưởng")
    right = Award(start=i, end=i + 11, evidence="Khen thưởng", rule="t", collectives=4, individuals=10)
    wrong = Award(start=i, end=i + 11, evidence="Khen thưởng", rule="t", collectives=4, individuals=None)
    assert score_article(gold, Facts(awards=[right])).scores["awards"].accuracy == 1.0
    s = score_article(gold, Facts(awards=[wrong])).scores["awards"]
    assert (s.matched, s.accuracy) == (1, 0.0)


def test_dates_recall_and_value() -> None:
    gold = _gold(
        dates=[
            {"text": "Ngày 27-11", "type": "date", "normalized": "2018-11-27"},
            {"text": "đạt 62%", "type": "period", "normalized": "2020–present"},  # not ISO-like: not scored
        ]
    )
    i = TEXT.index("27-11")
    no_year = DateMention(start=i, end=i + 5, evidence="27-11", rule="t", value="--11-27")
    wrong = DateMention(start=i, end=i + 5, evidence="27-11", rule="t", value="--12-27")
    art = score_article(gold, Facts(dates=[no_year]))
    assert (art.dates.gold, art.dates.found, art.dates.value_ok) == (1, 1, 1)
    art = score_article(gold, Facts(dates=[wrong]))
    assert (art.dates.gold, art.dates.found, art.dates.value_ok) == (1, 1, 0)
    assert score_article(gold, Facts()).dates.found == 0


def test_evaluate_totals_and_report(tmp_path: Path) -> None:
    gold = _gold(counts=[{"value": 4, "unit": "tập thể", "evidence": "4 tập thể"}])
    (tmp_path / "a.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")

    def predict(text: str, body_start: int) -> Facts:
        return Facts(counts=[_count(text, "4 tập thể", 4, "tập thể"), _count(text, "10 cá nhân", 10, "cá nhân")])

    report = evaluate(tmp_path, predict=predict)
    js = report.to_json()
    assert js["counts"]["precision"] == 0.5 and js["counts"]["recall"] == 1.0
    assert js["counts"]["unit_accuracy"] == 1.0
    assert "counts" in report.table()
    assert "10 cá nhân" in report.details()


def test_gold_errors_name_the_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not found"):
        load_gold(tmp_path / "missing")
    with pytest.raises(ValueError, match="no gold files"):
        load_gold(tmp_path)
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.json"):
        load_gold(tmp_path)
    bad.write_text('{"gold": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="no 'text'"):
        load_gold(tmp_path)


FLOORS = {  # issue 4's targets: the CI floor on the shared dev set and on our own annotations
    ("counts", "f1"): 0.90,
    ("percentages", "f1"): 0.97,
    ("officials", "f1"): 0.90,
    ("officials", "role_accuracy"): 0.85,
    ("awards", "f1"): 0.85,
    ("awards", "count_accuracy"): 0.85,
}


def _assert_floors(js: dict) -> None:
    low = {f"{k}.{m}": js[k][m] for (k, m), floor in FLOORS.items() if (js[k][m] or 0) < floor}
    assert not low, f"below the floor: {low}"


def test_dev_set_meets_floors(shared_dir: Path) -> None:
    _assert_floors(evaluate(shared_dir / "eval" / "dev").to_json())


def test_own_annotations_meet_floors() -> None:
    """Articles written and annotated for this project, which the rules were not written from."""
    report = evaluate(Path(__file__).resolve().parent.parent / "gold")
    assert report.to_json()["articles"] >= 20
    _assert_floors(report.to_json())
