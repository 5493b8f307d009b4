"""`vnnews extract` end to end through the CLI, on the seed article and on bad input."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main

DATA = Path(__file__).resolve().parent.parent / "data"
SEED = DATA / "seed-bencat.txt"


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def seed_record() -> dict:
    from pipeline import api

    (record,) = list(api.extract([str(SEED)]))
    return record


def test_seed_counts_with_units(seed_record):
    got = sorted((c["value"], c["unit"]) for c in seed_record["counts"])
    assert got == sorted([(31, "đảng viên"), (5, "đảng viên"), (6, "chi bộ"), (4, "tập thể"), (10, "cá nhân")])


def test_seed_percentages_are_attainment(seed_record):
    got = sorted((p["value"], p["kind"]) for p in seed_record["percentages"])
    assert got == [(60, "attainment"), (62, "attainment"), (167, "attainment")]


def test_seed_officials_once_each(seed_record):
    officials = {o["name"]: o for o in seed_record["officials"]}
    assert sorted(officials) == ["Bùi Minh Thạnh", "Trần Đỗ Hoài Bảo"]
    assert len(seed_record["officials"]) == 2
    assert officials["Bùi Minh Thạnh"]["title"].startswith("Bí thư")
    assert "Thị ủy Bến Cát" in officials["Bùi Minh Thạnh"]["organization"]
    assert officials["Trần Đỗ Hoài Bảo"]["title"].startswith("Bí thư")
    assert officials["Trần Đỗ Hoài Bảo"]["organization"].startswith("Chi bộ Công ty CPSX TM HE VE")


def test_seed_award(seed_record):
    with_counts = [a for a in seed_record["awards"] if a["collectives"] or a["individuals"]]
    assert len(with_counts) == 1
    award = with_counts[0]
    assert (award["awarding_body"], award["collectives"], award["individuals"]) == ("Thị ủy Bến Cát", 4, 10)


def test_every_fact_has_exact_evidence(seed_record):
    text = seed_record["text"]
    kinds = ("counts", "percentages", "officials", "awards", "dates", "locations")
    for kind in kinds:
        for fact in seed_record[kind]:
            assert text[fact["start"]:fact["end"]] == fact["evidence"], (kind, fact)
            assert fact["rule"]


def test_extract_cli_jsonl_with_source_as_given(capsys):
    code, out, err = run_cli(["extract", str(SEED), "--format", "jsonl"], capsys)
    assert code == 0, err
    (line,) = out.strip().splitlines()
    record = json.loads(line)
    assert record["schema"] == "vnnews.article/1"
    assert record["source"] == str(SEED)
    assert record["title"].startswith("Thị xã Bến Cát (Bình Dương)")


def test_extract_stdin(capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(
        "Tin mới\nHuyện ủy kết nạp 12 đảng viên mới, đạt 120% kế hoạch.".encode())))
    code, out, err = run_cli(["extract", "-", "--format", "json"], capsys)
    assert code == 0, err
    (record,) = json.loads(out)
    assert record["source"] == "-"
    assert [c["value"] for c in record["counts"]] == [12]
    assert [p["value"] for p in record["percentages"]] == [120]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\n ", "empty"),
        ("binary.txt", bytes(range(256)) * 4, "binary"),
        ("latin.txt", "Hội nghị".encode("utf-16"), ""),
        ("nothing.html", b"<html><head><title>x</title></head><body><nav>Menu</nav></body></html>", ""),
    ],
)
def test_bad_inputs_give_one_line_and_non_zero_exit(tmp_path, capsys, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    code, out, err = run_cli(["extract", str(path), "--format", "jsonl"], capsys)
    assert code != 0
    lines = err.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and message in lines[0]
    assert "Traceback" not in err
    record = json.loads(out)
    assert record["source"] == str(path) and record["error"]


def test_missing_file_does_not_stop_the_others(tmp_path, capsys):
    code, out, err = run_cli(["extract", str(tmp_path / "absent.txt"), str(SEED)], capsys)
    assert code == 1
    first, second = (json.loads(line) for line in out.strip().splitlines())
    assert "no such file" in first["error"]
    assert second["counts"]
    assert "absent.txt" in err and "Traceback" not in err


def test_console_script_runs(tmp_path):
    """The installed `vnnews` entry point, as a user runs it."""
    exe = Path(sys.executable).with_name("vnnews")
    proc = subprocess.run([str(exe), "extract", str(tmp_path / "nope.txt")], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert proc.stderr.strip().splitlines() == [f"vnnews extract: {tmp_path / 'nope.txt'}: no such file"]
