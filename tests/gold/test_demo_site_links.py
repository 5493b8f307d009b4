"""The bundled demo portal is self-contained: every internal link resolves under the server's mapping."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
from lxml import etree
from lxml import html as lhtml

SITE = Path(__file__).resolve().parents[2] / "pipeline" / "demo_site" / "site"
FILES = sorted(p for p in SITE.rglob("*") if p.is_file())
# Paths the portal links to that a static copy does not hold (assets, forms, search):
# no crawler should need them.
NOT_SERVED = ("/uploads/", "/themes/", "/assets/", "/index.php", "/vi/search/", "/vi/comment/", "/vi/feeds/")


def resolves(path: str) -> bool:
    """Mirror pipeline/sample_site.py: dir/ -> index.html or index.xml; file; else path + '.html'."""
    path = path.split("#")[0].split("?")[0]
    target = SITE / path.lstrip("/")
    if path.endswith("/"):
        return (target / "index.html").is_file() or (target / "index.xml").is_file()
    return target.is_file() or target.with_name(target.name + ".html").is_file()


def _local(el: etree._Element) -> str:
    return el.tag.split("}")[-1] if isinstance(el.tag, str) else ""


def links(path: Path) -> list[str]:
    data = path.read_bytes()
    if path.suffix == ".xml":
        root = etree.fromstring(data)
        named = [el for el in root.iter() if _local(el) in ("link", "loc")]
        found = [el.text.strip() for el in named if el.text and el.text.strip()]
        return found + [el.get("href") for el in root.iter() if el.get("href")]
    if path.suffix == ".html":
        return [el.get("href") for el in lhtml.fromstring(data).iter("a", "link") if el.get("href")]
    lines = data.decode().splitlines()
    return [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]


def test_site_has_articles_listings_and_feeds() -> None:
    articles = list(SITE.glob("vi/news/*/*-[0-9]*.html"))
    assert len(articles) >= 13
    for name in ("robots.txt", "sitemap.xml", "index.html", "vi/news/rss/xay-dung-dang/index.xml",
                 "vi/news/rss/tin-hoat-dong/index.xml", "vi/news/xay-dung-dang/page-3.html"):
        assert (SITE / name).is_file(), name


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(SITE)))
def test_file_is_nfc_and_links_resolve(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", text) == text
    broken = []
    for link in links(path):
        link = link.replace("{{BASE}}", "")
        if link.startswith(("tel:", "javascript:", "#", "mailto:")) or link.startswith(NOT_SERVED):
            continue
        if not link.startswith("/") or not resolves(link):
            broken.append(link)
    assert not broken, broken
