"""The raw archive: every request and response of a crawl run, as one gzip WARC file.

Kept so that extraction can be re-run offline after a rule change, without asking the sites
again. Records are written from the response the polite client already holds (no
`capture_http`, so import order with requests does not matter).
"""

from __future__ import annotations

import datetime as dt
import os
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from urllib.parse import urlsplit

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scrapers.errors import ScrapeError

# Hop-by-hop and transport headers: the body is stored decoded, so these would mislead a reader.
_TRANSPORT_HEADERS = {"content-encoding", "transfer-encoding", "content-length", "connection", "keep-alive"}
_HTML_TYPES = ("text/html", "application/xhtml+xml")


class ArchiveError(ScrapeError):
    """A WARC file that cannot be read (missing, not a WARC, or corrupt)."""


class WarcArchive:
    """One gzip WARC file per crawl run in `archive_dir`; safe to share between threads."""

    def __init__(self, archive_dir: Path, prefix: str = "crawl") -> None:
        self.archive_dir = Path(archive_dir)
        try:
            self.archive_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise ArchiveError(f"{archive_dir}: cannot create archive folder ({exc.strerror})") from None
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        self.path = self.archive_dir / f"{prefix}-{stamp}-{os.getpid()}-{uuid.uuid4().hex[:6]}.warc.gz"
        self._fh = self.path.open("wb")
        self._writer = WARCWriter(self._fh, gzip=True)
        self._lock = threading.Lock()
        self.records = 0

    def write_exchange(
        self,
        url: str,
        method: str,
        request_headers: dict[str, str],
        status: int,
        reason: str,
        response_headers: list[tuple[str, str]],
        body: bytes,
        truncated: str | None = None,
    ) -> None:
        """Write a request record and its response record (body as decoded bytes).

        `truncated` names why the payload is incomplete ("length", "time"), per the WARC spec.
        """
        parts = urlsplit(url)
        target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        req_headers = [("Host", parts.netloc), *request_headers.items()]
        kept = [(k, v) for k, v in response_headers if k.lower() not in _TRANSPORT_HEADERS]
        kept.append(("Content-Length", str(len(body))))
        http_resp = StatusAndHeaders(f"{status} {reason or ''}".strip(), kept, protocol="HTTP/1.1")
        http_req = StatusAndHeaders(f"{method} {target} HTTP/1.1", req_headers, is_http_request=True)
        with self._lock:
            if self._fh.closed:
                raise ArchiveError(f"{self.path}: archive already closed")
            warc_headers = {"WARC-Truncated": truncated} if truncated else None
            response = self._writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=http_resp, warc_headers_dict=warc_headers
            )
            request = self._writer.create_warc_record(
                url, "request", payload=BytesIO(b""), http_headers=http_req
            )
            request.rec_headers.add_header(
                "WARC-Concurrent-To", response.rec_headers.get_header("WARC-Record-ID")
            )
            self._writer.write_record(request)
            self._writer.write_record(response)
            self._fh.flush()
            self.records += 2

    def close(self) -> None:
        with self._lock:
            if not self._fh.closed:
                self._fh.close()

    def __enter__(self) -> WarcArchive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


@dataclass(frozen=True)
class ArchivedResponse:
    """One archived HTML response: where it came from, when, and whether it arrived whole."""

    url: str
    body: bytes
    headers: dict[str, str]
    date: str  # WARC-Date (ISO 8601, UTC)
    truncated: bool  # WARC-Truncated: the body is not the whole page


def read_warc(path: Path) -> Iterator[tuple[str, bytes, dict[str, str]]]:
    """(url, body, headers) of every HTML response with a body in a WARC file, in file order.

    Raises `ArchiveError` naming the file when it is missing or not a readable WARC.
    """
    for response in read_warc_responses(path):
        yield response.url, response.body, response.headers


def read_warc_responses(path: Path) -> Iterator[ArchivedResponse]:
    """Every HTML response with a body in a WARC file, in file order, with date and truncation."""
    path = Path(path)
    try:
        fh = path.open("rb")
    except OSError as exc:
        raise ArchiveError(f"{path}: cannot open WARC file ({exc.strerror})") from None
    with fh:
        try:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                headers = dict(record.http_headers.headers)
                ctype = record.http_headers.get_header("Content-Type", "") or ""
                status = record.http_headers.get_statuscode() or ""
                if not status.startswith("2") or (ctype and not ctype.lower().startswith(_HTML_TYPES)):
                    continue
                body = record.content_stream().read()
                if body and (ctype or _sniff_html(body)):
                    yield ArchivedResponse(
                        record.rec_headers.get_header("WARC-Target-URI"), body, headers,
                        record.rec_headers.get_header("WARC-Date") or "",
                        bool(record.rec_headers.get_header("WARC-Truncated")),
                    )
        except ArchiveLoadFailed as exc:
            raise ArchiveError(f"{path}: not a readable WARC file ({str(exc).splitlines()[0]})") from None
        except (OSError, EOFError, ValueError) as exc:
            raise ArchiveError(f"{path}: corrupt WARC file ({exc})") from None


def _sniff_html(body: bytes) -> bool:
    """A response without Content-Type counts as HTML when it starts like HTML."""
    head = body[:512].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body", b"<meta"))
