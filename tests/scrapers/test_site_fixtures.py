"""Each site profile parses its stored page into the article written by hand in expected.json.

Like fundus's publisher tests: one page per profile, in that CMS's markup (header, menus,
lead image with its caption, boilerplate blocks, footer), and the JSON it must yield.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scrapers.errors import NotAnArticle
from scrapers.parse import parse_page
from scrapers.profiles import load_profiles

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
PROFILES = load_profiles()
LOCAL = sorted(p.name for p in FIXTURES.iterdir() if (p / "expected.json").is_file())


def test_every_profile_has_a_fixture() -> None:
    assert set(PROFILES) - {"vnexpress.net"} <= set(LOCAL)


@pytest.mark.parametrize("name", LOCAL)
def test_site_fixture(name: str) -> None:
    expected = json.loads((FIXTURES / name / "expected.json").read_text("utf-8"))
    html = (FIXTURES / name / "page.html").read_text("utf-8")
    article = parse_page(html, expected["url"], PROFILES[name])
    got = {k: getattr(article, k) for k in ("url", "site", "title", "published", "authors", "lead", "body")}
    assert got == expected


@pytest.mark.parametrize("name", LOCAL)
def test_site_fixture_without_profile_recognises_the_family(name: str) -> None:
    """With no profile, the CMS family is recognised from the markup: same text, no site name."""
    expected = json.loads((FIXTURES / name / "expected.json").read_text("utf-8"))
    html = (FIXTURES / name / "page.html").read_text("utf-8")
    article = parse_page(html, None)
    assert article.site is None
    assert article.url == expected["url"]  # from <link rel=canonical>
    assert (article.title, article.lead, article.body) == (expected["title"], expected["lead"], expected["body"])
    assert article.published == expected["published"]


def test_each_caption_once(name: str = "baobinhduong.vn") -> None:
    """The page repeats the caption as a paragraph under the picture; the text keeps it once."""
    expected = json.loads((FIXTURES / name / "expected.json").read_text("utf-8"))
    html = (FIXTURES / name / "page.html").read_text("utf-8")
    caption = "Đồng chí Bí thư Thị ủy Bến Cát phát biểu tại hội nghị."
    assert html.count(caption) >= 3  # alt, figcaption, repeated paragraph
    assert parse_page(html, expected["url"], PROFILES[name]).body.count(caption) == 1


def test_vnexpress_real_page(shared_dir: Path) -> None:
    page = shared_dir / "fixtures" / "html" / "vnexpress_article_2025-10-22.html"
    fundus = json.loads((shared_dir / "fixtures" / "html" / "vnexpress_article_2025-10-22.expected.json").read_text())
    v1 = fundus["V1"]
    article = parse_page(page.read_text("utf-8"), "https://vnexpress.net/x.html", PROFILES["vnexpress.net"])
    assert article.site == "vnexpress.net"
    assert article.title == v1["title"]
    assert article.lead == v1["body"]["summary"][0]
    assert article.authors == v1["authors"]
    assert article.published == "2025-10-22T19:25:52+07:00"  # fundus: "2025-10-22 19:25:52+07:00"
    assert article.url == "https://vnexpress.net/dau-bung-keo-dai-phat-hien-ung-thu-lymphoma-ruot-non-4954454.html"
    # fundus lists the caption among the paragraphs, where it stands: vnnews keeps it exactly once there.
    assert article.body.split("\n\n") == v1["body"]["sections"][0]["paragraphs"]
    assert article.body.count("Y bác sĩ nội soi cho bệnh nhân.") == 1
    generic = parse_page(page.read_text("utf-8"), None)
    assert generic.body == article.body and generic.site is None


def test_object_moved_stub_is_not_an_article(shared_dir: Path) -> None:
    page = shared_dir / "fixtures" / "html" / "binhduong.gov.vn_object_moved.html"
    with pytest.raises(NotAnArticle, match="binhduong"):
        parse_page(page.read_text("utf-8"), "https://www.binhduong.gov.vn/tin-tuc/abc.html")
