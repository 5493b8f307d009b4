"""The WARC archive: every exchange written before parsing, HTML read back for re-extraction."""

from __future__ import annotations

from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scrapers.archive import ArchiveError, WarcArchive, read_warc
from scrapers.http import NotHTML, PoliteClient
from tests.scrapers.loopback import LoopbackServer, Reply

PAGE = "<html><body><p>Kết nạp 25 đảng viên mới</p></body></html>"


def test_fetches_archived_and_read_back(tmp_path: Path) -> None:
    with LoopbackServer() as srv, WarcArchive(tmp_path) as archive:
        srv.page("/a.html", PAGE)
        srv.set("/gz.html", Reply(body=PAGE, gzip=True))
        srv.set("/f.pdf", Reply(body=b"%PDF-1.4", content_type="application/pdf"))
        srv.set("/feed", Reply(body="<rss/>", content_type="application/rss+xml"))
        client = PoliteClient(archive=archive, delay=0.0)
        client.fetch(srv.url("/a.html"))
        client.fetch(srv.url("/gz.html"))
        client.fetch(srv.url("/feed"), expect_html=False)
        with pytest.raises(NotHTML):
            client.fetch(srv.url("/f.pdf"))
        path = archive.path
    assert path.name.endswith(".warc.gz") and path.parent == tmp_path
    pages = list(read_warc(path))
    assert [u for u, _, _ in pages] == [srv.url("/a.html"), srv.url("/gz.html")]
    assert all(body.decode("utf-8") == PAGE for _, body, _ in pages)
    assert pages[1][2].get("Content-Type", "").startswith("text/html")
    with path.open("rb") as fh:
        records = [(r.rec_type, r.rec_headers.get_header("WARC-Target-URI")) for r in ArchiveIterator(fh)]
    # a request and a response for each of the four fetches, the refused PDF included
    assert [t for t, _ in records].count("request") == 4 and [t for t, _ in records].count("response") == 4


def test_read_warc_errors(tmp_path: Path) -> None:
    with pytest.raises(ArchiveError, match="missing.warc.gz"):
        list(read_warc(tmp_path / "missing.warc.gz"))
    junk = tmp_path / "junk.warc"
    junk.write_bytes(b"hello, not a warc\n" * 10)
    with pytest.raises(ArchiveError, match="junk.warc"):
        list(read_warc(junk))


def test_one_file_per_run(tmp_path: Path) -> None:
    a, b = WarcArchive(tmp_path), WarcArchive(tmp_path)
    a.close()
    b.close()
    assert a.path != b.path and a.path.exists() and b.path.exists()
