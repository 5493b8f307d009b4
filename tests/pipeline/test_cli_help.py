"""Every command answers --help, and a missing command is a usage error."""

from __future__ import annotations

import pytest

from pipeline.cli import build_parser, main

COMMANDS = [["extract"], ["crawl"], ["demo"], ["query"], ["stats"], ["summary"], ["export"], ["eval"],
            ["reextract"], ["sites"], ["sites", "list"], ["sites", "check"]]


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exc:
        main([*command, "--help"])
    assert exc.value.code == 0
    assert f"usage: vnnews {' '.join(command)}" in capsys.readouterr().out


def test_every_command_is_listed():
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    assert sorted(sub.choices) == sorted({c[0] for c in COMMANDS})


def test_no_command_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main([])
    assert exc.value.code == 2
    assert capsys.readouterr().err.splitlines() == [
        "vnnews: error: the following arguments are required: COMMAND (see vnnews --help)"]
