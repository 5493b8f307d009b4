"""Site profiles load from TOML, inherit their family, and match URLs to sites."""

from __future__ import annotations

from pathlib import Path

import pytest

from scrapers.errors import ProfileError
from scrapers.profiles import SiteProfile, load_profile_file, load_profiles, profile_for_url


@pytest.fixture(scope="module")
def profiles() -> dict[str, SiteProfile]:
    return load_profiles()


def test_shipped_profiles_load(profiles: dict[str, SiteProfile]) -> None:
    assert "thainguyen.dcs.vn" in profiles
    for profile in profiles.values():
        assert profile.verified_live is None  # nothing here was checked against a live site
        assert profile.allowed_hosts
        assert profile.title and profile.body


def test_site_inherits_family_selectors(profiles: dict[str, SiteProfile]) -> None:
    p = profiles["thainguyen.dcs.vn"]
    assert p.family == "nukeviet"
    assert "div#news-bodyhtml" in p.body
    assert "div.hometext" in p.lead
    assert p.pagination == "{listing}page-{n}"
    assert p.delay == 1.0 and p.concurrency == 1


def test_profile_for_url(profiles: dict[str, SiteProfile]) -> None:
    url = "https://www.thainguyen.dcs.vn/news/xay-dung-dang/ket-nap-dang-vien-12345.html"
    found = profile_for_url(url, profiles)
    assert found is not None and found.name == "thainguyen.dcs.vn"
    assert profile_for_url("https://example.org/a.html", profiles) is None
    assert profile_for_url("not a url", profiles) is None


def test_rebased_points_at_loopback(profiles: dict[str, SiteProfile]) -> None:
    p = profiles["thainguyen.dcs.vn"].rebased("http://127.0.0.1:8765/")
    assert p.base_url == "http://127.0.0.1:8765/"
    assert p.allowed_hosts == ("127.0.0.1",)
    assert p.absolute(p.feeds[0]) == "http://127.0.0.1:8765/news/rss/xay-dung-dang/"
    assert p.allows("http://127.0.0.1:8765/news/x-1.html")
    assert not p.allows("https://thainguyen.dcs.vn/news/x-1.html")


def test_load_profile_file_outside_shipped_folder(tmp_path: Path) -> None:
    f = tmp_path / "mysite.toml"
    f.write_text('family = "nukeviet"\ndescription = "x"\nbase_url = "https://example.vn/"\n', "utf-8")
    p = load_profile_file(f)
    assert p.name == "mysite" and p.allowed_hosts == ("example.vn",)
    assert "div#news-bodyhtml" in p.body


def test_malformed_toml_names_file(tmp_path: Path) -> None:
    f = tmp_path / "bad.toml"
    f.write_text('family = "nukeviet\n', "utf-8")
    with pytest.raises(ProfileError, match="bad.toml"):
        load_profile_file(f)


def test_list_sites_rows(profiles: dict[str, SiteProfile]) -> None:
    from scrapers.sites import list_sites

    rows = list_sites(profiles)
    assert [r["name"] for r in rows] == sorted(profiles)
    row = next(r for r in rows if r["name"] == "thainguyen.dcs.vn")
    assert row == {
        "name": "thainguyen.dcs.vn",
        "family": "nukeviet",
        "base_url": "https://thainguyen.dcs.vn/",
        "enabled": True,
        "verified_live": "never",
    }


def test_every_required_family_is_shipped(profiles: dict[str, SiteProfile]) -> None:
    families = {p.family for p in profiles.values()}
    assert {"nukeviet", "dangcongsan", "news-a", "news-post", "news-hex", "news-htm", "vnexpress"} <= families


BASE = 'family = "nukeviet"\ndescription = "x"\nbase_url = "https://example.vn/"\n'


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ('family = "nukeviet"\ndescription = "x"\n', "base_url"),  # missing required field
        (BASE + "max_pages = \"five\"\n", "max_pages"),  # wrong type
        (BASE + "feeds = \"rss/\"\n", "feeds"),  # a string where a list is due
        ('family = "joomla"\ndescription = "x"\nbase_url = "https://example.vn/"\n', "family"),  # unknown family
        (BASE + "article_url_pattern = '([a-z'\n", "article_url_pattern"),  # bad regex
        (BASE + "date_formats = ['(?P<day>\\\\d+']\n", "date_formats"),  # bad regex in a list
        (BASE + "body = ['div[[']\n", "body"),  # bad CSS selector
        (BASE + "colour = 'red'\n", "colour"),  # unknown field
    ],
)
def test_bad_profile_names_file_and_field(tmp_path: Path, text: str, field: str) -> None:
    f = tmp_path / "broken-site.toml"
    f.write_text(text, "utf-8")
    with pytest.raises(ProfileError) as info:
        load_profile_file(f)
    message = str(info.value)
    assert "broken-site.toml" in message and field in message
    assert "\n" not in message


def test_load_profiles_from_other_folder(tmp_path: Path) -> None:
    (tmp_path / "sites").mkdir()
    (tmp_path / "sites" / "a.toml").write_text(BASE, "utf-8")
    assert list(load_profiles(tmp_path)) == ["a"]
    with pytest.raises(ProfileError, match="not a folder"):
        load_profiles(tmp_path / "missing")
