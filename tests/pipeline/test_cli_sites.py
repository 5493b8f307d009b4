"""`vnnews sites list|check` through the CLI: shipped profiles, a loopback portal, no internet."""

from __future__ import annotations

import socket
import tomllib
from pathlib import Path

import pytest

from pipeline.cli import main
from scrapers.profiles import SITES_DIR
from tests.scrapers.loopback import LoopbackServer, NukeVietPortal


def run_cli(args: list[str], capsys) -> tuple[int, str, str]:
    code = main(args)
    out, err = capsys.readouterr()
    return code, out, err


def portal_dir(tmp_path: Path, site: NukeVietPortal) -> Path:
    """A profiles folder holding the loopback portal's profile, politeness lowered for loopback."""
    folder = tmp_path / "profiles" / "sites"
    folder.mkdir(parents=True)
    (folder / "loopback-portal.toml").write_text(site.profile_toml() + "delay = 0.0\n", encoding="utf-8")
    return folder.parent


def test_list_shows_every_shipped_profile_with_family_and_verification(capsys) -> None:
    code, out, err = run_cli(["sites", "list"], capsys)
    assert code == 0 and err == ""
    lines = out.splitlines()
    assert lines[0].split() == ["name", "family", "base_url", "enabled", "verified_live"]
    files = sorted(SITES_DIR.glob("*.toml"))
    assert len(files) >= 13
    for path in files:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        name = data.get("name", path.stem)
        row = next(line.split() for line in lines if line.split()[:1] == [name])
        assert row[1] == data["family"]
        # none of the shipped profiles was checked against a live page from here
        assert row[-1] == data.get("verified_live", "never")


def test_list_and_check_a_profiles_folder(tmp_path: Path, capsys) -> None:
    with LoopbackServer() as srv:
        site = NukeVietPortal(srv, "http://127.0.0.2:9/news/a/x-1.html")
        folder = portal_dir(tmp_path, site)
        code, out, _ = run_cli(["sites", "list", "--profiles", str(folder)], capsys)
        assert code == 0 and "loopback-portal" in out and "nukeviet" in out
        assert "thainguyen.dcs.vn" not in out
        code, out, err = run_cli(["sites", "check", "loopback-portal", "--profiles", str(folder)], capsys)
        assert code == 0, out + err
        assert out.splitlines()[0] == "loopback-portal: ok (robots ok)"
        for art in site.articles[:3]:  # three pages fetched and parsed, each with its title
            assert repr(art.title) in out
        assert "NO lead" not in out and "NO date" not in out
        # a check is a few polite requests: robots first, then the feed, then the pages, nothing stored
        assert srv.paths()[0] == "/robots.txt"
        assert not (tmp_path / "vnnews.db").exists()


def test_check_reports_failed_pages_with_non_zero_exit(tmp_path: Path, capsys) -> None:
    with LoopbackServer() as srv:
        site = NukeVietPortal(srv, "http://127.0.0.2:9/news/a/x-1.html")
        srv.page(site.articles[0].path, "<html><body><h1>Access denied</h1><p>Captcha</p></body></html>")
        folder = portal_dir(tmp_path, site)
        code, out, _ = run_cli(["sites", "check", "loopback-portal", "--profiles", str(folder)], capsys)
        assert code == 1
        assert "NOT OK" in out.splitlines()[0]
        assert f"page {srv.url(site.articles[0].path)}: FAILED" in out and "block page" in out


@pytest.fixture
def no_dns(monkeypatch):
    """Name lookups fail as they do without internet (and never leave the machine)."""
    real = socket.getaddrinfo

    def lookup(host, *args, **kwargs):
        if host in ("localhost",) or str(host).startswith("127."):
            return real(host, *args, **kwargs)
        raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")

    monkeypatch.setattr(socket, "getaddrinfo", lookup)


def test_check_of_a_real_site_without_internet_is_one_line(no_dns, capsys) -> None:
    code, out, err = run_cli(["sites", "check", "thainguyen.dcs.vn"], capsys)
    assert code == 1
    assert "Traceback" not in out + err
    assert len(out.strip().splitlines()) == 1
    assert out.startswith("thainguyen.dcs.vn: NOT OK: cannot reach https://thainguyen.dcs.vn/")
    assert "cannot resolve thainguyen.dcs.vn" in out and "internet" in out


def test_unknown_site_and_malformed_profile_are_one_line(tmp_path: Path, capsys) -> None:
    code, out, err = run_cli(["sites", "check", "no-such-site"], capsys)
    assert code == 1 and out == ""
    assert err.strip() == ("vnnews sites: error: unknown site 'no-such-site'; "
                           "`vnnews sites list` shows the profiles")  # fmt: skip
    folder = tmp_path / "bad" / "sites"
    folder.mkdir(parents=True)
    bad = folder / "broken.toml"
    bad.write_text('name = "broken"\nfamily = "nukeviet"\ndescription = "x"\nbase_url = "ftp://x/"\n',
                   encoding="utf-8")  # fmt: skip
    code, out, err = run_cli(["sites", "list", "--profiles", str(folder.parent)], capsys)
    assert code == 1 and out == "" and len(err.strip().splitlines()) == 1
    assert str(bad) in err and "'base_url'" in err
