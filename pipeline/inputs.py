"""Read what `vnnews extract` is given (text, HTML, WARC, stdin, URL) into Articles.

Each input yields Articles or raises `InputError` with a one-line message that names
it; the caller turns that into an error record and goes on with the next input.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

from corpus.model import Article
from scrapers.errors import ScrapeError


class InputError(Exception):
    """An input cannot be read or holds no article; the message names it."""


HTML_SUFFIXES = (".html", ".htm", ".xhtml")
WARC_SUFFIXES = (".warc", ".warc.gz")


def read_inputs(source: str, stdin: object = None) -> Iterator[Article]:
    """Articles from one argument of `vnnews extract`, with `source` set to it as given."""
    if source == "-":
        stream = stdin if stdin is not None else sys.stdin
        data = stream.buffer.read() if hasattr(stream, "buffer") else stream.read()
        raw = data if isinstance(data, bytes) else data.encode("utf-8")
        yield _text_article(raw, "standard input", source)
        return
    if source.startswith(("http://", "https://")):
        yield _url_article(source)
        return
    path = Path(source)
    if not path.exists():
        raise InputError(f"{source}: no such file")
    if path.is_dir():
        raise InputError(f"{source}: is a folder, not a file")
    name = path.name.lower()
    try:
        if name.endswith(WARC_SUFFIXES):
            yield from _warc_articles(path, source)
            return
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"{source}: cannot read ({exc.strerror or exc})") from None
    if name.endswith(HTML_SUFFIXES) or (not name.endswith(".txt") and _looks_like_html(raw)):
        yield _html_article(raw, None, source)
    else:
        yield _text_article(raw, source, source)


def _looks_like_html(raw: bytes) -> bool:
    head = raw[:2048].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html")) or b"<body" in head


def _text_article(raw: bytes, label: str, source: str) -> Article:
    if b"\x00" in raw[:8192]:
        raise InputError(f"{label}: binary file, not text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{label}: not UTF-8 text (bad byte at offset {exc.start})") from None
    if not text.strip():
        raise InputError(f"{label}: empty file, no article text")
    title = text.strip().split("\n", 1)[0].strip()
    return Article(title=title, text=text, source=source)


def _html_article(raw: bytes, url: str | None, source: str, content_type: str | None = None,
                  profiles: dict | None = None) -> Article:
    from scrapers.http import decode_html
    from scrapers.parse import declared_url, parse_page
    from scrapers.profiles import load_profiles, profile_for_url

    if not raw.strip():
        raise InputError(f"{source}: empty file, no article")
    if b"\x00" in raw[:8192] and not _looks_like_html(raw):
        raise InputError(f"{source}: binary file, not HTML")
    html = decode_html(raw, content_type)
    page_url = url or declared_url(html)
    profile = profile_for_url(page_url, load_profiles() if profiles is None else profiles) if page_url else None
    try:
        article = parse_page(html, url, profile)
    except ScrapeError as exc:
        raise InputError(f"{source}: {exc}") from None
    article.source = source
    if profile is not None and not article.site:
        article.site = profile.name
    return article


def _warc_articles(path: Path, source: str) -> Iterator[Article]:
    from scrapers.archive import read_warc

    found = 0
    try:
        for url, body, headers in read_warc(path):
            try:
                article = _html_article(body, url, source, headers.get("Content-Type"))
            except InputError:
                continue  # listings, feeds and block pages are archived too; they are not articles
            found += 1
            yield article
    except ScrapeError as exc:
        raise InputError(f"{source}: {exc}") from None
    except (OSError, EOFError, ValueError) as exc:
        raise InputError(f"{source}: not a readable WARC file ({exc})") from None
    if not found:
        raise InputError(f"{source}: no article page in this WARC file")


def _url_article(url: str) -> Article:
    from scrapers.http import fetch_one

    try:
        body, content_type, final_url = fetch_one(url)
    except ScrapeError as exc:
        raise InputError(f"{url}: {exc}") from None
    return _html_article(body, final_url, url, content_type)


def archived_article(url: str, body: bytes, headers: dict[str, str], source: str,
                     profiles: dict | None = None) -> Article:
    """The article in one archived response (`scrapers.archive`), parsed with `profiles` (the
    shipped ones by default); `InputError` for listings, feeds and block pages."""
    return _html_article(body, url, source, headers.get("Content-Type"), profiles)
