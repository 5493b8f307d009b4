"""Finding article URLs: RSS/Atom feeds, sitemaps (and their indexes), listing pages.

Everything here is a pure function of bytes already fetched (and archived) by the client, so
it is tested without a network. XML is parsed defensively (no entities, no network, no huge
trees; gzip expanded under a hard cap) and a malformed document is reported in `errors`,
never raised: one broken feed must not stop a crawl.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import zlib
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from lxml import etree

from scrapers.urls import canonicalize, host_allowed, looks_like_article, rules, try_canonicalize

SITE_TZ = dt.timezone(dt.timedelta(hours=7))  # a date without offset is read as Vietnam time
MAX_XML_BYTES = 50_000_000  # the sitemap protocol's own limit for one file, uncompressed


@dataclass
class Link:
    """A discovered URL with the date its source gives (sitemap lastmod, feed date), ISO UTC."""

    url: str
    lastmod: str | None = None


@dataclass
class Discovery:
    """What one feed/sitemap/listing yielded."""

    links: list[Link] = field(default_factory=list)  # pages (articles, in a profile's terms)
    sitemaps: list[Link] = field(default_factory=list)  # children of a sitemap index
    others: list[str] = field(default_factory=list)  # same-host non-article links (listings)
    offsite: int = 0  # links to hosts outside the allowed ones, never followed
    errors: list[str] = field(default_factory=list)


def parse_date(value: str | None) -> str | None:
    """An RSS (RFC 822) or W3C/ISO date as ISO 8601 UTC text; None when unreadable."""
    if not value or not value.strip():
        return None
    text = value.strip()
    when: dt.datetime | None = None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        try:
            when = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=SITE_TZ)
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat()


def gunzip_capped(data: bytes, cap: int, name: str) -> bytes:
    """Expand gzip data, refusing to produce more than `cap` bytes (a gzip bomb fails cleanly)."""
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, cap + 1)
    except zlib.error as exc:
        raise ValueError(f"{name}: corrupt gzip data ({exc})") from None
    if len(out) > cap or inflater.unconsumed_tail:
        raise ValueError(f"{name}: gzip data expands beyond {cap} bytes")
    return out


def _parse_xml(data: bytes, name: str, errors: list[str]) -> etree._Element | None:
    """Parse safely; on malformed XML report it and salvage what a recovering parser can read."""
    safe = {"resolve_entities": False, "no_network": True, "huge_tree": False, "load_dtd": False}
    data = data.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not data:
        errors.append(f"{name}: empty document")
        return None
    try:
        return etree.fromstring(data, etree.XMLParser(**safe))
    except etree.XMLSyntaxError as exc:
        errors.append(f"{name}: malformed XML ({str(exc).splitlines()[0][:160]})")
    try:
        root = etree.fromstring(data, etree.XMLParser(recover=True, **safe))
    except etree.XMLSyntaxError:
        return None
    return root


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname.lower() if isinstance(el.tag, str) else ""


def _children(el: etree._Element, name: str) -> list[etree._Element]:
    return [c for c in el if _local(c) == name]


def _text(el: etree._Element, *names: str) -> str | None:
    for name in names:
        for child in el.iter():
            if child is not el and _local(child) == name and child.text and child.text.strip():
                return child.text.strip()
    return None


def _maybe_gunzip(data: bytes, name: str, errors: list[str]) -> bytes | None:
    if data[:2] != b"\x1f\x8b":
        return data
    try:
        return gunzip_capped(data, MAX_XML_BYTES, name)
    except ValueError as exc:
        errors.append(str(exc))
        return None


def parse_sitemap(data: bytes, sitemap_url: str) -> Discovery:
    """Page URLs (with lastmod) of a urlset, or child sitemaps of a sitemap index."""
    found = Discovery()
    data_or_none = _maybe_gunzip(data, sitemap_url, found.errors)
    root = _parse_xml(data_or_none, sitemap_url, found.errors) if data_or_none is not None else None
    if root is None:
        return found
    kind = _local(root)
    if kind not in ("urlset", "sitemapindex"):
        found.errors.append(f"{sitemap_url}: not a sitemap (root element <{kind or '?'}>)")
        return found
    entry_name = "url" if kind == "urlset" else "sitemap"
    target = found.links if kind == "urlset" else found.sitemaps
    for entry in root.iter():
        if _local(entry) != entry_name:
            continue
        loc = next((c.text.strip() for c in _children(entry, "loc") if c.text and c.text.strip()), None)
        url = try_canonicalize(loc) if loc else None  # the protocol requires absolute locs
        if url:
            lastmod = parse_date(_text(entry, "lastmod", "publication_date"))
            target.append(Link(url, lastmod))
    return found


def parse_feed(data: bytes, feed_url: str) -> Discovery:
    """Item links (with their date) of an RSS 2.0, RSS 1.0 (RDF) or Atom feed."""
    found = Discovery()
    root = _parse_xml(data, feed_url, found.errors)
    if root is None:
        return found
    kind = _local(root)
    if kind not in ("rss", "feed", "rdf", "channel"):
        found.errors.append(f"{feed_url}: not an RSS or Atom feed (root element <{kind or '?'}>)")
        return found
    for item in root.iter():
        name = _local(item)
        if name == "item":
            link = _text(item, "link")
            if not link:
                guid = next((g for g in _children(item, "guid")), None)
                if guid is not None and guid.get("isPermaLink", "true") != "false" and guid.text:
                    link = guid.text.strip()
            link = link or item.get("{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about")
            date = _text(item, "pubdate", "date", "updated", "published")
        elif name == "entry":
            links = _children(item, "link")
            chosen = next((x for x in links if x.get("rel", "alternate") == "alternate"), None)
            link = chosen.get("href") if chosen is not None else None
            date = _text(item, "updated", "published")
        else:
            continue
        url = try_canonicalize(link, feed_url) if link else None
        if url:
            found.links.append(Link(url, parse_date(date)))
    return found


def _soup(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "lxml")


def _base(soup: BeautifulSoup, page_url: str) -> str:
    tag = soup.find("base", href=True)
    href = tag.get("href") if tag else None
    return (try_canonicalize(href, page_url) if isinstance(href, str) else None) or page_url


def parse_listing(
    html: str,
    page_url: str,
    allowed_hosts: tuple[str, ...] | list[str] | None,
    article_pattern: str | None = None,
) -> Discovery:
    """Links of a listing page on the allowed hosts: articles (by the profile's pattern, or by
    URL shape in generic mode) in `links`, other same-site pages in `others`."""
    found = Discovery()
    soup = _soup(html)
    base = _base(soup, page_url)
    pattern = re.compile(article_pattern) if article_pattern else None
    seen: set[str] = {page_url}
    for anchor in soup.find_all("a", href=True):
        href = anchor.get("href")
        if not isinstance(href, str) or href.strip().lower().startswith(("javascript:", "mailto:", "tel:", "#")):
            continue
        url = try_canonicalize(href, base)
        if not url or url in seen:
            continue
        seen.add(url)
        if not host_allowed(url, allowed_hosts):
            found.offsite += 1
            continue
        is_article = bool(pattern.search(url)) if pattern else looks_like_article(url)
        if is_article:
            found.links.append(Link(url))
        else:
            found.others.append(url)
    return found


def feed_links(html: str, page_url: str) -> list[str]:
    """Feeds a page announces with `<link rel="alternate" type="application/rss+xml">`."""
    soup = _soup(html)
    base = _base(soup, page_url)
    types = set(rules()["feed_link_types"])
    out: list[str] = []
    for tag in soup.find_all("link", href=True):
        rel = tag.get("rel") or []
        rel = rel if isinstance(rel, list) else [rel]
        if "alternate" in [r.lower() for r in rel] and str(tag.get("type", "")).lower() in types:
            url = try_canonicalize(str(tag["href"]), base)
            if url and url not in out:
                out.append(url)
    return out


def page_url(listing: str, template: str | None, n: int) -> str | None:
    """Page `n` (1-based) of a listing by the profile's template; page 1 is the listing itself."""
    if n <= 1:
        return listing
    if not template:
        return None
    return canonicalize(template.format(listing=listing, n=n))
