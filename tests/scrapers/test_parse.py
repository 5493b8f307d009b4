"""parse_page on unknown markup (trafilatura keeps the body, the lead is recovered) and on garbage."""

from __future__ import annotations

import contextlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scrapers.errors import ScrapeError
from scrapers.parse import clean_author, is_article_url, parse_page
from scrapers.profiles import load_profiles

PARAS = [
    "Chiều 20/3, Đảng ủy phường Chánh Nghĩa tổ chức hội nghị sơ kết công tác quý I năm 2024 với sự tham dự "
    "của đại diện 24 chi bộ trực thuộc.",
    "Trong quý, Đảng ủy đã kết nạp 7 đảng viên mới, trao Huy hiệu 40 năm tuổi Đảng cho 2 đồng chí và hoàn "
    "thành kiểm tra 5 chi bộ theo kế hoạch.",
    "Hội nghị thống nhất các giải pháp nâng cao chất lượng sinh hoạt chi bộ khu phố trong quý II.",
]
LEAD = "Đảng ủy phường Chánh Nghĩa kết nạp 7 đảng viên mới trong quý I năm 2024."
UNKNOWN = f"""<html><head><title>Sơ kết quý I - Cổng thông tin phường</title>
<meta property="og:description" content="{LEAD}">
<meta property="og:url" content="https://phuong.example.vn/tin/so-ket-quy-i-2024">
</head><body><div id="top"><a href="/">Trang chủ</a> | <a href="/gioi-thieu">Giới thiệu</a></div>
<div id="main"><div class="box-news"><h1>Sơ kết công tác quý I năm 2024</h1>
<div class="ngaydang">Thứ Tư, 20/03/2024 - 17:10</div>
<div class="noidung">{"".join(f"<p>{p}</p>" for p in PARAS)}
<p>Tin liên quan</p><p><a href="/tin/khac">Tin khác một</a></p></div></div></div>
<div id="footer">Ủy ban nhân dân phường Chánh Nghĩa</div></body></html>"""


def test_unknown_markup_keeps_lead_and_body() -> None:
    article = parse_page(UNKNOWN, "https://phuong.example.vn/tin/so-ket-quy-i-2024?utm=x")
    assert article.title == "Sơ kết công tác quý I năm 2024"
    assert article.lead == LEAD  # trafilatura drops it; recovered from og:description
    assert article.body == "\n\n".join(PARAS)  # cut at "Tin liên quan"
    assert article.published == "2024-03-20T17:10:00+07:00"
    assert article.url == "https://phuong.example.vn/tin/so-ket-quy-i-2024"
    assert article.site is None


def test_nfd_text_becomes_nfc() -> None:
    import unicodedata

    html = UNKNOWN.replace(PARAS[1], unicodedata.normalize("NFD", PARAS[1]))
    assert PARAS[1] in parse_page(html, None).body


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("Theo Hà Thanh", ["Hà Thanh"]),
        ("Tin, ảnh: Ngọc Hân", ["Ngọc Hân"]),
        ("PV", []),
        ("Hồng Nhung - Đức Anh", ["Hồng Nhung", "Đức Anh"]),
        ("Nguồn tin: Báo Tuyên Quang", []),
        ("Theo baobinhduong.vn", []),
        ("Toàn Đảng bộ hiện có 52 tổ chức cơ sở đảng với 6.270 đảng viên", []),
    ],
)
def test_clean_author(line: str, names: list[str]) -> None:
    assert clean_author(line) == names


def test_is_article_url() -> None:
    profiles = load_profiles()
    nv = profiles["thainguyen.dcs.vn"]
    assert is_article_url("https://thainguyen.dcs.vn/news/xay-dung-dang/ket-nap-dang-vien-12345.html", nv)
    assert is_article_url("https://thainguyen.dcs.vn/vi/news/xay-dung-dang/ket-nap-dang-vien-12345.html", nv)
    assert not is_article_url("https://thainguyen.dcs.vn/news/xay-dung-dang/page-2", nv)
    assert not is_article_url("https://other.vn/news/xay-dung-dang/ket-nap-dang-vien-12345.html", nv)
    bd = profiles["baobinhduong.vn"]
    assert is_article_url("https://baobinhduong.vn/thi-uy-ben-cat-tong-ket-a312345.html", bd)
    assert not is_article_url("https://baobinhduong.vn/chinh-tri/", bd)
    hexp = profiles["baodongnai.com.vn"]
    assert is_article_url("https://baodongnai.com.vn/chinh-tri/202405/dang-bo-trao-huy-hieu-3f2a9c1/", hexp)
    assert not is_article_url("https://baodongnai.com.vn/chinh-tri/", hexp)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.binary(max_size=2000), st.text(max_size=2000)), st.sampled_from([None, "https://x.vn/a-1.html"]))
def test_any_input_raises_only_scrape_errors(data: bytes | str, url: str | None) -> None:
    with contextlib.suppress(ScrapeError):
        parse_page(data, url)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.sampled_from(["<div>", "</div>", "<p>", "</p>", "<h1>", "</h1>", "<figcaption>", "x ",
                                 "Tin liên quan", '<div id="news-bodyhtml">', '<div class="hometext">',
                                 "<img alt='a'>", "<br>", "Đảng ", "<table><td>"]), max_size=60))
def test_tag_soup_raises_only_scrape_errors(pieces: list[str]) -> None:
    for profile in (None, load_profiles()["thainguyen.dcs.vn"]):
        with contextlib.suppress(ScrapeError):
            parse_page("".join(pieces), None, profile)
