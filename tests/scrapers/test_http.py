"""The polite client against a real loopback server: retries, waits, redirects, limits, charsets."""

from __future__ import annotations

import email.utils
import time
import unicodedata

import pytest

from scrapers.errors import FetchError
from scrapers.http import (
    DEFAULT_USER_AGENT,
    HttpStatusError,
    NotHTML,
    PoliteClient,
    RedirectRefused,
    TooLarge,
    decode_html,
    decode_html_with_encoding,
    parse_retry_after,
)
from tests.scrapers.loopback import LoopbackServer, Reply

VI = "Đại hội Đảng bộ tỉnh lần thứ XX: kết nạp 1.234 đảng viên, đạt 104,2% kế hoạch; Thị ủy Bến Cát."
PAGE = f"<html><head><title>t</title></head><body><p>{VI}</p></body></html>"


def fast_client(**kw: object) -> PoliteClient:
    """Loopback politeness: no delay, tiny backoff (the production default is 1 request/s)."""
    opts: dict[str, object] = {"delay": 0.0, "backoff_base": 0.01, "backoff_cap": 0.05, "timeout": 2.0}
    opts.update(kw)
    return PoliteClient(**opts)  # type: ignore[arg-type]


def to_cp1258(text: str) -> bytes:
    """Encode like a Windows-1258 page: precomposed base letters, combining tone marks."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
            continue
        except UnicodeEncodeError:
            pass
        base, *marks = unicodedata.normalize("NFD", ch)
        for i, mark in enumerate(marks):
            head = unicodedata.normalize("NFC", base + mark)
            rest = "".join(marks[:i] + marks[i + 1 :])
            try:
                out += head.encode("cp1258") + rest.encode("cp1258")
                break
            except UnicodeEncodeError:
                continue
        else:
            out += (base + "".join(marks)).encode("cp1258")
    return bytes(out)


@pytest.fixture
def server():
    with LoopbackServer() as srv:
        yield srv


def test_plain_fetch_sends_honest_user_agent(server: LoopbackServer) -> None:
    server.page("/a.html", PAGE)
    result = fast_client().fetch(server.url("/a.html"))
    assert result.status == 200
    assert VI in (result.text or "")
    assert server.hits("/a.html")[0].headers["user-agent"] == DEFAULT_USER_AGENT
    assert "vnnews" in DEFAULT_USER_AGENT and "research" in DEFAULT_USER_AGENT


def test_429_retry_after_seconds_is_a_floor(server: LoopbackServer) -> None:
    server.set("/a", [Reply(status=429, headers={"Retry-After": "1"}), Reply(body=PAGE)])
    result = fast_client().fetch(server.url("/a"))
    assert result.status == 200 and result.requests == 2
    first, second = server.hits("/a")
    assert second.at - first.at >= 1.0


def test_503_retry_after_http_date(server: LoopbackServer) -> None:
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    server.set("/a", [Reply(status=503, headers={"Retry-After": when}), Reply(body=PAGE)])
    result = fast_client().fetch(server.url("/a"))
    assert result.status == 200
    first, second = server.hits("/a")
    # An HTTP date has one-second resolution: at least one full second must have been waited.
    assert second.at - first.at >= 1.0


def test_parse_retry_after_forms() -> None:
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after(email.utils.formatdate(1000.0 + 30, usegmt=True), now=1000.0) == 30.0
    assert parse_retry_after("soon") is None
    assert parse_retry_after(None) is None


def test_retry_limit_then_clear_error(server: LoopbackServer) -> None:
    server.set("/a", Reply(status=503))
    with pytest.raises(HttpStatusError) as err:
        fast_client(max_retries=2).fetch(server.url("/a"))
    assert err.value.status == 503
    assert len(server.hits("/a")) == 3
    assert server.url("/a") in str(err.value) and "\n" not in str(err.value)


def test_backoff_grows_between_retries(server: LoopbackServer) -> None:
    server.set("/a", [Reply(status=500), Reply(status=500), Reply(body=PAGE)])
    client = fast_client(backoff_base=0.2, backoff_cap=10.0)
    assert client.fetch(server.url("/a")).status == 200
    t0, t1, t2 = (s.at for s in server.hits("/a"))
    # equal jitter: attempt n waits between base*2^n/2 and base*2^n
    assert t1 - t0 >= 0.1
    assert t2 - t1 >= 0.2


def test_404_is_not_retried(server: LoopbackServer) -> None:
    with pytest.raises(HttpStatusError) as err:
        fast_client().fetch(server.url("/missing"))
    assert err.value.status == 404
    assert len(server.hits("/missing")) == 1


def test_timeout_is_retried(server: LoopbackServer) -> None:
    server.set("/slow", [Reply(fault="hang", hang=3.0, body=PAGE), Reply(body=PAGE)])
    result = fast_client(timeout=0.3).fetch(server.url("/slow"))
    assert result.status == 200 and len(server.hits("/slow")) == 2


def test_timeouts_exhaust_retries(server: LoopbackServer) -> None:
    server.set("/slow", Reply(fault="hang", hang=3.0, body=PAGE))
    with pytest.raises(FetchError, match="timed out"):
        fast_client(timeout=0.2, max_retries=1).fetch(server.url("/slow"))
    assert len(server.hits("/slow")) == 2


def test_connection_reset_is_retried(server: LoopbackServer) -> None:
    server.set("/r", [Reply(fault="reset"), Reply(fault="reset"), Reply(body=PAGE)])
    result = fast_client().fetch(server.url("/r"))
    assert result.status == 200 and VI in (result.text or "")
    assert len(server.hits("/r")) == 3


def test_truncated_transfer_retried_then_kept(server: LoopbackServer) -> None:
    server.set("/t", [Reply(fault="truncate", body=PAGE), Reply(body=PAGE)])
    assert not fast_client().fetch(server.url("/t")).truncated
    server.set("/u", Reply(fault="truncate", body=PAGE))
    result = fast_client(max_retries=1).fetch(server.url("/u"))
    assert result.truncated and VI in (result.text or "")


def test_redirect_followed_each_hop_counted(server: LoopbackServer) -> None:
    server.set("/old", Reply(status=301, headers={"Location": "/mid"}))
    server.set("/mid", Reply(status=302, headers={"Location": server.url("/new.html")}))
    server.page("/new.html", PAGE)
    result = fast_client().fetch(server.url("/old"), allowed_hosts=("127.0.0.1",))
    assert result.url == server.url("/new.html")
    assert result.requests == 3
    assert server.paths() == ["/old", "/mid", "/new.html"]


def test_redirect_loop_detected(server: LoopbackServer) -> None:
    server.set("/a", Reply(status=302, headers={"Location": "/b"}))
    server.set("/b", Reply(status=302, headers={"Location": "/a"}))
    with pytest.raises(RedirectRefused, match="loop"):
        fast_client().fetch(server.url("/a"))
    assert server.paths() == ["/a", "/b"]


def test_redirect_to_other_host_refused(server: LoopbackServer) -> None:
    with LoopbackServer(host="127.0.0.2") as other:
        other.page("/x.html", PAGE)
        server.set("/go", Reply(status=302, headers={"Location": other.url("/x.html")}))
        with pytest.raises(RedirectRefused, match="another host"):
            fast_client().fetch(server.url("/go"), allowed_hosts=("127.0.0.1",))
        assert other.log == []


def test_non_html_refused(server: LoopbackServer) -> None:
    server.set("/f.pdf", Reply(body=b"%PDF-1.4 ...", content_type="application/pdf"))
    with pytest.raises(NotHTML, match="application/pdf"):
        fast_client().fetch(server.url("/f.pdf"))
    # the same body is fine where HTML is not expected
    assert fast_client().fetch(server.url("/f.pdf"), expect_html=False).body.startswith(b"%PDF")


def test_unlabelled_binary_refused(server: LoopbackServer) -> None:
    server.set("/blob", Reply(body=b"\x89PNG\r\n\x1a\n....", content_type=None))
    with pytest.raises(NotHTML):
        fast_client().fetch(server.url("/blob"))


def test_size_limit_declared_and_streamed(server: LoopbackServer) -> None:
    big = "<html><body>" + "x" * 5000 + "</body></html>"
    server.page("/big", big)
    with pytest.raises(TooLarge):
        fast_client(max_bytes=1000).fetch(server.url("/big"))
    # compressed on the wire, large once decoded: the stream is cut at the limit
    server.set("/bomb", Reply(body="<html>" + "a" * 200_000, gzip=True))
    with pytest.raises(TooLarge):
        fast_client(max_bytes=10_000).fetch(server.url("/bomb"))
    assert len(server.hits("/big")) == 1 and len(server.hits("/bomb")) == 1


def test_missing_charset_utf8(server: LoopbackServer) -> None:
    server.set("/a", Reply(body=PAGE.encode("utf-8"), content_type="text/html"))
    result = fast_client().fetch(server.url("/a"))
    assert VI in (result.text or "") and result.encoding == "utf-8"


def test_wrong_header_charset_latin1_for_utf8(server: LoopbackServer) -> None:
    server.set("/a", Reply(body=PAGE.encode("utf-8"), content_type="text/html; charset=iso-8859-1"))
    assert VI in (fast_client().fetch(server.url("/a")).text or "")


def test_windows_1258_via_meta_is_nfc(server: LoopbackServer) -> None:
    html = f'<html><head><meta charset="windows-1258"></head><body><p>{VI}</p></body></html>'
    raw = to_cp1258(html)
    assert raw.decode("cp1258") != html  # the raw decode is not NFC: the test checks normalization
    server.set("/a", Reply(body=raw, content_type="text/html"))
    result = fast_client().fetch(server.url("/a"))
    assert result.encoding == "cp1258"
    assert VI in (result.text or "")


def test_windows_1258_under_wrong_utf8_header(server: LoopbackServer) -> None:
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1258"></head><p>{VI}</p>'
    server.set("/a", Reply(body=to_cp1258(html), content_type="text/html; charset=utf-8"))
    assert VI in (fast_client().fetch(server.url("/a")).text or "")


def test_nfd_text_normalized(server: LoopbackServer) -> None:
    server.page("/a", unicodedata.normalize("NFD", PAGE))
    text = fast_client().fetch(server.url("/a")).text or ""
    assert VI in text and unicodedata.is_normalized("NFC", text)


def test_truncated_html_mid_character() -> None:
    raw = PAGE.encode("utf-8")
    cut = raw[: raw.index("Đảng".encode()) + 2]  # inside the multi-byte "ả"
    text, encoding = decode_html_with_encoding(cut, "utf-8")
    assert decode_html(cut, "text/html; charset=utf-8") == text
    assert encoding == "utf-8" and text.endswith("Đại hội Đ")


def test_conditional_get(server: LoopbackServer) -> None:
    server.set("/a", Reply(body=PAGE, etag='"v1"', last_modified="Mon, 15 Jan 2024 03:30:00 GMT"))
    client = fast_client()
    first = client.fetch(server.url("/a"))
    assert first.etag == '"v1"'
    again = client.fetch(server.url("/a"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    assert server.hits("/a")[1].headers["if-none-match"] == '"v1"'


def test_delay_between_requests_to_one_host(server: LoopbackServer) -> None:
    server.page("/a", PAGE)
    client = fast_client(delay=0.3)
    for _ in range(3):
        client.fetch(server.url("/a"))
    times = [s.at for s in server.hits("/a")]
    assert all(b - a >= 0.29 for a, b in zip(times, times[1:], strict=False))


def test_bad_url_is_a_clear_error() -> None:
    with pytest.raises(FetchError.__mro__[1]) as err:  # ScrapeError
        fast_client().fetch("not a url")
    assert "not a url" in str(err.value)
