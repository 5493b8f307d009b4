"""The polite HTTP client: every request to a site goes through here.

Politeness is per server (host:port): a minimum delay between request starts and a cap on
requests at once, shared by every thread; servers are fetched in parallel. `Retry-After` is a
floor on the wait, 429/5xx/timeouts/resets are retried with exponential backoff and jitter,
redirects are followed by hand (each hop is a request for politeness; loops and hops to other
hosts are refused), bodies are streamed up to a size limit, and each exchange is written to the
WARC archive before anyone parses it.
"""

from __future__ import annotations

import codecs
import email.utils
import random
import re
import ssl
import threading
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

import requests
import urllib3

from scrapers.archive import WarcArchive
from scrapers.errors import FetchError
from scrapers.urls import InvalidURL, canonicalize, host_allowed, netloc_of, rules

DEFAULT_USER_AGENT = "vnnews/0.1 (+research crawler; contact: see README)"
_ACCEPT_HTML = "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"
_ACCEPT_ANY = "application/rss+xml,application/atom+xml,application/xml;q=0.9,text/xml;q=0.9,*/*;q=0.5"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
_CHUNK = 65536
# Python 3.11's ssl module lacks the name; the OpenSSL 3 value is stable.
OP_LEGACY_SERVER_CONNECT = getattr(ssl, "OP_LEGACY_SERVER_CONNECT", 0x4)
LEGACY_CIPHERS = "DEFAULT@SECLEVEL=1"


class HttpStatusError(FetchError):
    """The server answered with an error status (after retries, for retryable ones)."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class TooLarge(FetchError):
    """The response is larger than the size limit; it was not read further."""


class NotHTML(FetchError):
    """An HTML page was expected and the server sent another media type."""


class RedirectRefused(FetchError):
    """A redirect loop, too many hops, or a hop to a host the crawler may not visit."""


class Disallowed(FetchError):
    """robots.txt (or the caller's policy) forbids fetching this URL."""


@dataclass
class FetchResult:
    """What came back for one URL, after redirects and retries."""

    url: str  # the final URL (canonical)
    requested_url: str
    status: int
    headers: dict[str, str]  # lowercased names
    body: bytes
    text: str | None = None  # decoded NFC text, for HTML
    encoding: str | None = None
    redirects: list[str] = field(default_factory=list)
    requests: int = 0
    truncated: bool = False  # the connection broke before the end; body is what arrived

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def etag(self) -> str | None:
        return self.headers.get("etag")

    @property
    def last_modified(self) -> str | None:
        return self.headers.get("last-modified")


@dataclass
class HostStats:
    """Counters for one server, read by the crawl report."""

    requests: int = 0
    retries: int = 0
    errors: int = 0


def legacy_ssl_context() -> ssl.SSLContext:
    """A client context for old government servers: unsafe legacy renegotiation allowed and
    OpenSSL security level 1 (1024-bit keys, SHA-1 signatures). Certificates are still verified."""
    context = urllib3.util.ssl_.create_urllib3_context()
    context.options |= OP_LEGACY_SERVER_CONNECT
    context.set_ciphers(LEGACY_CIPHERS)
    return context


class LegacyTLSAdapter(requests.adapters.HTTPAdapter):
    """An adapter whose connections use `legacy_ssl_context()` (a profile's `legacy_tls = true`)."""

    def init_poolmanager(self, *args: object, **kwargs: object) -> None:
        kwargs["ssl_context"] = legacy_ssl_context()
        super().init_poolmanager(*args, **kwargs)  # type: ignore[arg-type]


@dataclass
class HostOptions:
    """Per-server quirks from a site profile: its own user agent, legacy TLS."""

    user_agent: str | None = None
    legacy_tls: bool = False


class HostGate:
    """Admission to one server: at most `concurrency` requests at once, starts `delay` apart.

    The next start is due `delay` after the previous one STARTED (not after it ended), so a
    server whose answers take time is still asked at its full budget, and never faster.
    """

    def __init__(self, delay: float, concurrency: int) -> None:
        self.delay = max(0.0, delay)
        self.concurrency = max(1, concurrency)
        self._cond = threading.Condition()
        self._active = 0
        self._next_at = 0.0

    def acquire(self) -> None:
        with self._cond:
            while True:
                now = time.monotonic()
                if self._active >= self.concurrency:
                    self._cond.wait()
                elif now < self._next_at:
                    self._cond.wait(self._next_at - now)
                else:
                    self._active += 1
                    self._next_at = now + self.delay
                    return

    def release(self) -> None:
        with self._cond:
            self._active -= 1
            self._cond.notify_all()

    def defer(self, seconds: float) -> None:
        """No request starts before `seconds` from now (Retry-After, backoff)."""
        with self._cond:
            self._next_at = max(self._next_at, time.monotonic() + seconds)
            self._cond.notify_all()


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    current = time.time() if now is None else now
    return max(0.0, when.timestamp() - current)


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def _decode_strict(body: bytes, encoding: str) -> str | None:
    """Decode, tolerating only a multi-byte character cut off at the very end (truncated page)."""
    try:
        return body.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(body) - 4 and "end of data" in exc.reason:
            try:
                return body[: exc.start].decode(encoding)
            except UnicodeDecodeError:
                return None
        return None
    except LookupError:
        return None


def header_charset(content_type: str | None) -> str | None:
    """The charset parameter of a Content-Type header."""
    if not content_type:
        return None
    match = re.search(r"charset\s*=\s*[\"']?([A-Za-z0-9_.:-]+)", content_type, re.IGNORECASE)
    return match.group(1) if match else None


def decode_html(body: bytes, declared: str | None = None) -> str:
    """The NFC text of an HTML body; `declared` is a charset name or a whole Content-Type header."""
    return decode_html_with_encoding(body, declared)[0]


def decode_html_with_encoding(body: bytes, declared: str | None = None) -> tuple[str, str]:
    """(NFC text, encoding used) of an HTML body.

    Order: the HTTP header's charset, then `<meta charset>`, then UTF-8, then windows-1258 and
    cp1252. A declared single-byte western charset loses to a body that is valid UTF-8 with
    non-ASCII bytes (a common misconfiguration; such byte runs are unlikely in real latin-1).
    """
    if declared and ("/" in declared or ";" in declared or "=" in declared):
        declared = header_charset(declared)
    single_byte = {c for c in (_codec(n) for n in rules()["single_byte_charsets"]) if c}
    candidates: list[str] = []
    meta = _META_CHARSET.search(body[:4096])
    for name in (declared, meta.group(1).decode("ascii", "replace") if meta else None):
        codec = _codec(name)
        if codec and codec not in candidates:
            candidates.append(codec)
    if candidates and candidates[0] in single_byte and not body.isascii():
        utf8 = _decode_strict(body, "utf-8")
        if utf8 is not None:
            return unicodedata.normalize("NFC", utf8), "utf-8"
    for name in rules()["charset_fallbacks"]:
        codec = _codec(name)
        if codec and codec not in candidates:
            candidates.append(codec)
    for codec in candidates:
        text = _decode_strict(body, codec)
        if text is not None:
            return unicodedata.normalize("NFC", text), codec
    return unicodedata.normalize("NFC", body.decode("cp1252", errors="replace")), "cp1252"


def _is_html_type(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media in rules()["html_content_types"]


def _looks_like_html(body: bytes) -> bool:
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta", b"<div", b"<p", b"<title"))


class PoliteClient:
    """A thread-safe polite HTTP client; see the module docstring for the policy."""

    def __init__(
        self,
        user_agent: str = DEFAULT_USER_AGENT,
        archive: WarcArchive | None = None,
        *,
        delay: float = 1.0,
        concurrency: int = 1,
        timeout: float = 20.0,
        max_retries: int = 3,
        backoff_base: float = 1.0,
        backoff_cap: float = 60.0,
        max_retry_after: float = 600.0,
        max_bytes: int = 5_000_000,
        max_redirects: int = 10,
        verify: bool | str = True,
    ) -> None:
        self.user_agent = user_agent
        self.verify = verify  # True, or the path of a CA bundle (e.g. with a site's missing intermediate)
        self.archive = archive
        self.delay = delay
        self.concurrency = concurrency
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.max_retry_after = max_retry_after
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self._gates: dict[str, HostGate] = {}
        self._stats: dict[str, HostStats] = {}
        self._options: dict[str, HostOptions] = {}
        self._lock = threading.Lock()
        self._local = threading.local()
        self._sessions: list[requests.Session] = []
        self._random = random.Random()

    # -- politeness -----------------------------------------------------------------------
    def configure_host(
        self,
        netloc: str,
        delay: float | None = None,
        concurrency: int | None = None,
        *,
        user_agent: str | None = None,
        legacy_tls: bool | None = None,
    ) -> None:
        """Set one server's delay/concurrency (a profile's, or robots' Crawl-delay as a floor),
        and the profile's quirks: its own user agent, legacy TLS."""
        gate = self._gate(netloc.lower())
        with self._lock:
            options = self._options.setdefault(netloc.lower(), HostOptions())
            if user_agent is not None:
                options.user_agent = user_agent
            if legacy_tls is not None:
                options.legacy_tls = legacy_tls
        with gate._cond:
            if delay is not None:
                gate.delay = max(0.0, delay)
            if concurrency is not None:
                gate.concurrency = max(1, concurrency)

    def gate_delay(self, netloc: str) -> float:
        return self._gate(netloc.lower()).delay

    def _gate(self, netloc: str) -> HostGate:
        with self._lock:
            gate = self._gates.get(netloc)
            if gate is None:
                gate = self._gates[netloc] = HostGate(self.delay, self.concurrency)
                self._stats[netloc] = HostStats()
            return gate

    def stats(self, netloc: str) -> HostStats:
        self._gate(netloc.lower())
        return self._stats[netloc.lower()]

    def all_stats(self) -> dict[str, HostStats]:
        with self._lock:
            return dict(self._stats)

    def _count(self, netloc: str, attr: str) -> None:
        with self._lock:
            stats = self._stats.setdefault(netloc, HostStats())
            setattr(stats, attr, getattr(stats, attr) + 1)

    def _backoff(self, attempt: int) -> float:
        """Exponential backoff with equal jitter: half fixed, half random."""
        full = min(self.backoff_cap, self.backoff_base * (2**attempt))
        return full / 2 + self._random.uniform(0, full / 2)

    def _host_options(self, netloc: str) -> HostOptions:
        with self._lock:
            return self._options.get(netloc, HostOptions())

    def _session(self, legacy_tls: bool = False) -> requests.Session:
        """This thread's session; legacy-TLS servers get a session of their own."""
        sessions: dict[bool, requests.Session] | None = getattr(self._local, "sessions", None)
        if sessions is None:
            sessions = self._local.sessions = {}
        session = sessions.get(legacy_tls)
        if session is None:
            session = requests.Session()
            adapter_type = LegacyTLSAdapter if legacy_tls else requests.adapters.HTTPAdapter
            session.mount("http://", requests.adapters.HTTPAdapter(max_retries=0, pool_maxsize=4))
            session.mount("https://", adapter_type(max_retries=0, pool_maxsize=4))
            session.trust_env = False
            session.verify = self.verify
            sessions[legacy_tls] = session
            with self._lock:
                self._sessions.append(session)
        return session

    def close(self) -> None:
        with self._lock:
            for session in self._sessions:
                session.close()
            self._sessions.clear()
        if self.archive is not None:
            self.archive.close()

    # -- fetching --------------------------------------------------------------------------
    def fetch(
        self,
        url: str,
        *,
        expect_html: bool = True,
        allowed_hosts: tuple[str, ...] | list[str] | None = None,
        etag: str | None = None,
        last_modified: str | None = None,
        max_bytes: int | None = None,
        timeout: float | None = None,
        max_retries: int | None = None,
        allow: Callable[[str], bool] | None = None,
    ) -> FetchResult:
        """GET `url` politely, following redirects by hand.

        Returns a 2xx or 304 result (HTML decoded into `text` when `expect_html`). Raises
        `FetchError` subclasses, each with a one-line message naming the URL: `HttpStatusError`,
        `TooLarge`, `NotHTML`, `RedirectRefused`, `Disallowed`, or `FetchError` for network faults.
        `allow(url)` is asked before every hop (robots.txt); `allowed_hosts` limits redirect hops.
        """
        start = canonicalize(url)
        current = start
        seen = {start}
        redirects: list[str] = []
        total_requests = 0
        redirect_codes = set(rules()["redirect_statuses"])
        while True:
            if allow is not None and not allow(current):
                raise Disallowed(f"{current}: disallowed by robots.txt")
            conditional = {}
            if current == start:
                if etag:
                    conditional["If-None-Match"] = etag
                if last_modified:
                    conditional["If-Modified-Since"] = last_modified
            result = self._fetch_one(current, expect_html, conditional, max_bytes, timeout, max_retries)
            total_requests += result.requests
            result.requested_url = start
            result.redirects = redirects
            if result.status not in redirect_codes:
                result.requests = total_requests
                if not (200 <= result.status < 300 or result.status == 304):
                    raise HttpStatusError(f"{current}: HTTP {result.status}", result.status)
                return result
            location = result.headers.get("location")
            if not location:
                raise HttpStatusError(f"{current}: redirect {result.status} without Location", result.status)
            try:
                target = canonicalize(location, current)
            except InvalidURL:
                raise RedirectRefused(f"{current}: redirect to an invalid URL {location!r}") from None
            if target in seen:
                raise RedirectRefused(f"{start}: redirect loop at {target}")
            if allowed_hosts is not None and not host_allowed(target, allowed_hosts):
                raise RedirectRefused(f"{start}: redirect to another host refused ({target})")
            if len(redirects) >= self.max_redirects:
                raise RedirectRefused(f"{start}: more than {self.max_redirects} redirects")
            redirects.append(target)
            seen.add(target)
            current = target

    def _fetch_one(
        self,
        url: str,
        expect_html: bool,
        extra_headers: dict[str, str],
        max_bytes: int | None,
        timeout: float | None,
        max_retries: int | None,
    ) -> FetchResult:
        """One hop: retries for 429/5xx/timeouts/resets, each attempt through the host gate."""
        netloc = netloc_of(url)
        gate = self._gate(netloc)
        limit = max_bytes if max_bytes is not None else self.max_bytes
        retries = self.max_retries if max_retries is None else max_retries
        retry_codes = set(rules()["retry_statuses"])
        options = self._host_options(netloc)
        headers = {
            "User-Agent": options.user_agent or self.user_agent,
            "Accept": _ACCEPT_HTML if expect_html else _ACCEPT_ANY,
            "Accept-Language": "vi,en;q=0.5",
            **extra_headers,
        }
        partial: FetchResult | None = None
        attempt = 0
        session = self._session(options.legacy_tls)  # made before admission: the gate times the send
        while True:
            gate.acquire()
            self._count(netloc, "requests")
            try:
                result, fault = self._attempt(url, headers, expect_html, limit, timeout or self.timeout,
                                              options.legacy_tls, session)
            finally:
                gate.release()
            result.requests = attempt + 1
            if fault is None and result.status not in retry_codes:
                return self._finish(result, expect_html)
            if fault is not None and result.body:
                partial = result  # truncated mid-body: keep the best we got
            self._count(netloc, "errors")
            wait_floor = parse_retry_after(result.headers.get("retry-after")) if fault is None else None
            if wait_floor is not None and wait_floor > self.max_retry_after:
                gate.defer(wait_floor)
                raise HttpStatusError(
                    f"{url}: HTTP {result.status}, Retry-After {wait_floor:.0f} s exceeds the limit",
                    result.status,
                )
            if attempt >= retries:
                if partial is not None:
                    partial.truncated = True
                    partial.requests = attempt + 1
                    return self._finish(partial, expect_html)
                if fault is not None:
                    raise FetchError(f"{url}: {fault} (after {attempt + 1} attempts)")
                raise HttpStatusError(f"{url}: HTTP {result.status} (after {attempt + 1} attempts)", result.status)
            wait = max(wait_floor or 0.0, self._backoff(attempt))
            gate.defer(wait)
            self._count(netloc, "retries")
            attempt += 1

    def _attempt(
        self, url: str, headers: dict[str, str], expect_html: bool, limit: int, timeout: float,
        legacy_tls: bool = False, session: requests.Session | None = None,
    ) -> tuple[FetchResult, str | None]:
        """One request; returns (result, fault) where fault describes a network failure."""
        session = session or self._session(legacy_tls)
        empty = FetchResult(url=url, requested_url=url, status=0, headers={}, body=b"")
        try:
            response = session.get(url, headers=headers, stream=True, timeout=timeout, allow_redirects=False)
        except requests.exceptions.SSLError as exc:
            raise FetchError(tls_message(url, _ssl_reason(exc), legacy_tls)) from None
        except requests.exceptions.Timeout:
            return empty, f"timed out after {timeout:g} s"
        except requests.exceptions.ConnectionError as exc:
            return empty, f"connection failed ({_network_reason(exc)})"
        except requests.exceptions.RequestException as exc:
            raise FetchError(f"{url}: request failed ({_first_line(exc)})") from None
        with response:
            resp_headers = list(response.raw.headers.items())
            lower = {k.lower(): v for k, v in resp_headers}
            result = FetchResult(url=url, requested_url=url, status=response.status_code, headers=lower, body=b"")
            ctype = lower.get("content-type", "")
            redirect = response.status_code in set(rules()["redirect_statuses"])
            ok = 200 <= response.status_code < 300
            declared = lower.get("content-length", "")
            if ok and declared.isdigit() and int(declared) > limit:
                self._archive(url, headers, response, resp_headers, b"", "length")
                raise TooLarge(f"{url}: response of {int(declared)} bytes exceeds the limit of {limit}")
            if ok and expect_html and ctype and not _is_html_type(ctype):
                self._archive(url, headers, response, resp_headers, b"", "length")
                raise NotHTML(f"{url}: expected HTML, got {ctype.split(';')[0].strip()}")
            chunks: list[bytes] = []
            size = 0
            fault: str | None = None
            truncated: str | None = None
            try:
                if not redirect and response.status_code != 304:
                    # Read what arrives even if the server closes early; compare lengths ourselves.
                    response.raw.enforce_content_length = False
                    for chunk in response.iter_content(_CHUNK):
                        size += len(chunk)
                        if size > limit:
                            chunks.append(chunk[: max(0, limit - (size - len(chunk)))])
                            truncated = "length"
                            break
                        chunks.append(chunk)
                    missing = getattr(response.raw, "length_remaining", None)
                    if truncated is None and missing:
                        fault = f"connection closed {missing} bytes before the announced end"
                        truncated = "disconnect"
            except requests.exceptions.Timeout:
                fault, truncated = f"timed out reading the body after {timeout:g} s", "time"
            except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError, OSError) as exc:
                fault, truncated = f"connection broken mid-body ({_first_line(exc)})", "disconnect"
            result.body = b"".join(chunks)
            self._archive(url, headers, response, resp_headers, result.body, truncated)
            if truncated == "length":
                raise TooLarge(f"{url}: response exceeds the limit of {limit} bytes")
            return result, fault

    def _archive(
        self,
        url: str,
        req_headers: dict[str, str],
        response: requests.Response,
        resp_headers: list[tuple[str, str]],
        body: bytes,
        truncated: str | None,
    ) -> None:
        if self.archive is not None:
            self.archive.write_exchange(
                url,
                "GET",
                req_headers,
                response.status_code,
                response.reason or "",
                resp_headers,
                body,
                truncated,
            )

    def _finish(self, result: FetchResult, expect_html: bool) -> FetchResult:
        """Check the media type of a sniffed body and decode HTML."""
        if not expect_html or not (200 <= result.status < 300):
            return result
        ctype = result.headers.get("content-type", "")
        if not ctype and result.body and not _looks_like_html(result.body):
            raise NotHTML(f"{result.url}: expected HTML, got an unlabelled non-HTML body")
        result.text, result.encoding = decode_html_with_encoding(result.body, header_charset(ctype))
        return result


def tls_message(url: str, reason: str, legacy_tls: bool) -> str:
    """One line for a failed TLS handshake, with the remedy the failure points to."""
    low = reason.lower()
    if any(hint in low for hint in rules()["untrusted_chain_hints"]):
        remedy = "the certificate chain is incomplete or untrusted: give a CA bundle with the missing certificate"
    elif legacy_tls:
        remedy = "even with legacy_tls"
    else:
        remedy = "legacy_tls may help"
    return f"{url}: TLS error: {reason} ({remedy})"


def _network_reason(exc: BaseException) -> str:
    """The cause of a failed connection in a few words, not urllib3's nested repr."""
    text = str(exc)
    resolve = re.search(r"Failed to resolve '([^']+)'", text)
    if resolve or "NameResolutionError" in text or "Name or service not known" in text:
        host = resolve.group(1) if resolve else "the host"
        return f"cannot resolve {host}: no DNS answer"
    for needle, words in (("refused", "connection refused"), ("reset", "connection reset by the server"),
                          ("Network is unreachable", "network unreachable"),
                          ("RemoteDisconnected", "the server closed the connection without answering")):
        if needle in text:
            return words
    return _first_line(exc)


def _ssl_reason(exc: BaseException) -> str:
    """OpenSSL's own words from the nested exception text requests builds."""
    match = re.search(r"\[SSL(?::\s*[A-Z0-9_]+)?\]\s*([^'\"()]+)", str(exc))
    return match.group(1).strip() if match else _first_line(exc)


def _first_line(exc: BaseException) -> str:
    text = str(exc) or type(exc).__name__
    return text.splitlines()[0][:200]


def fetch_one(
    url: str, user_agent: str = DEFAULT_USER_AGENT, timeout: float = 20.0, max_bytes: int = 5_000_000
) -> tuple[bytes, str | None, str]:
    """(body, Content-Type, final URL) of one HTML page, fetched politely after robots.txt.

    For single URLs given on the command line; crawls use `scrapers.crawl.Crawler`.
    """
    from scrapers.robots import RobotsCache  # robots builds on this module

    client = PoliteClient(user_agent, timeout=timeout, max_bytes=max_bytes)
    try:
        robots = RobotsCache(client)
        result = client.fetch(url, allow=robots.allowed)
        return result.body, result.headers.get("content-type"), result.url
    finally:
        client.close()
