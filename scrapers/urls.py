"""Canonical URLs, so one page is one frontier row however a site links to it.

Tracking and session parameters (listed in `crawler_rules.json`) are dropped, hosts lowercased,
fragments removed and relative links resolved. Paths are otherwise kept as written: NukeViet
listings end in a slash and articles do not, and the server treats the two differently.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

from requests.utils import requote_uri

from scrapers.errors import ScrapeError

RULES_FILE = Path(__file__).resolve().parent / "crawler_rules.json"
_DEFAULT_PORTS = {"http": 80, "https": 443}


class InvalidURL(ScrapeError, ValueError):
    """A string that is not an absolute http(s) URL (after resolving against its base)."""


@lru_cache(maxsize=1)
def rules() -> dict[str, Any]:
    """The crawler's data rules (read once)."""
    with RULES_FILE.open(encoding="utf-8") as fh:
        return json.load(fh)


def canonicalize(url: str, base: str | None = None) -> str:
    """The canonical form of `url` (resolved against `base` when relative).

    Raises `InvalidURL` when the result is not an absolute http(s) URL.
    """
    if not isinstance(url, str) or not url.strip():
        raise InvalidURL(f"not a URL: {url!r}")
    raw = url.strip()
    try:
        if base:
            raw = urljoin(base, raw)
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise InvalidURL(f"not a valid URL: {url!r} ({exc})") from None
    scheme = parts.scheme.lower()
    if scheme not in _DEFAULT_PORTS or not parts.hostname:
        raise InvalidURL(f"not an absolute http(s) URL: {url!r}")
    host = parts.hostname.lower().rstrip(".")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    if ":" in host:  # IPv6 literal
        netloc = f"[{host}]" if port in (None, _DEFAULT_PORTS[scheme]) else f"[{host}]:{port}"
    path = _clean_path(parts.path or "/")
    query = _clean_query(parts.query)
    return requote_uri(urlunsplit((scheme, netloc, path, query, "")))


def _clean_path(path: str) -> str:
    """Drop `;jsessionid=...` style path parameters and resolve dot segments."""
    drop = tuple(p.lower() + "=" for p in rules()["drop_path_params"])
    if ";" in path:
        segments = []
        for seg in path.split("/"):
            head, *params = seg.split(";")
            kept = [p for p in params if not p.lower().startswith(drop)]
            segments.append(";".join([head, *kept]))
        path = "/".join(segments)
    if "/." in path:
        out: list[str] = []
        for seg in path.split("/"):
            if seg == ".":
                continue
            if seg == "..":
                if len(out) > 1:
                    out.pop()
                continue
            out.append(seg)
        trailing = path.endswith(("/.", "/.."))
        path = "/".join(out) + ("/" if trailing else "")
    return path if path.startswith("/") else "/" + path


def _clean_query(query: str) -> str:
    if not query:
        return ""
    prefixes = tuple(rules()["drop_query_prefixes"])
    names = {n.lower() for n in rules()["drop_query_params"]}
    pairs = parse_qsl(query, keep_blank_values=True)
    kept = [(k, v) for k, v in pairs if not k.lower().startswith(prefixes) and k.lower() not in names]
    return urlencode(kept, safe="/:,") if kept else ""


def try_canonicalize(url: str, base: str | None = None) -> str | None:
    """`canonicalize`, or None for links that are not http(s) pages (mailto:, javascript:, junk)."""
    try:
        return canonicalize(url, base)
    except InvalidURL:
        return None


def bare_host(host: str) -> str:
    """A hostname without case, trailing dot or `www.`: how profiles compare hosts."""
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


def host_of(url: str) -> str:
    """The URL's hostname (no port), lowercased."""
    try:
        return (urlsplit(url).hostname or "").lower()
    except ValueError:
        return ""


def netloc_of(url: str) -> str:
    """host[:port]: the unit of politeness (one server)."""
    try:
        return urlsplit(url).netloc.lower()
    except ValueError:
        return ""


def origin(url: str) -> str:
    """scheme://host[:port] of a URL."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def host_allowed(url: str, allowed_hosts: tuple[str, ...] | list[str] | set[str] | None) -> bool:
    """Whether `url`'s host is one of `allowed_hosts` (None allows every host).

    Hosts compare as profiles do: without port and `www.`.
    """
    if allowed_hosts is None:
        return True
    host = host_of(url)
    return bool(host) and bare_host(host) in {bare_host(h) for h in allowed_hosts}


def matches_any(url: str, patterns: list[str]) -> bool:
    """Whether any regex in `patterns` is found in `url` (case-insensitive)."""
    return any(_compiled(p).search(url) for p in patterns)


@lru_cache(maxsize=256)
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


def looks_like_article(url: str) -> bool:
    """Generic mode: a URL shaped like an article (long slug or numeric id), not a tag/file/page."""
    path = urlsplit(url).path
    if matches_any(path, rules()["not_article_shapes"]):
        return False
    return matches_any(path, rules()["article_url_shapes"])
