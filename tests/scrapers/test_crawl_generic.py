"""Seeds without a profile: discovery from robots, feed links, /sitemap.xml and same-host links."""

from __future__ import annotations

from pathlib import Path

from corpus.model import Article
from scrapers.crawl import CrawlConfig, Crawler
from scrapers.frontier import Frontier
from tests.scrapers.loopback import LoopbackServer, Reply

FAST = CrawlConfig(delay=0.0, backoff_base=0.01, backoff_cap=0.05, timeout=3.0, max_retries=1)

PARAS = [
    "Sáng 15/3, Ban Thường vụ Thị ủy tổ chức hội nghị sơ kết công tác xây dựng Đảng quý I năm 2024.",
    "Theo báo cáo, toàn Đảng bộ đã kết nạp 45 đảng viên mới, đạt 112% chỉ tiêu đề ra cho cả năm.",
    "Phát biểu chỉ đạo hội nghị, đồng chí Bí thư Thị ủy đề nghị các chi bộ tiếp tục nâng cao chất lượng sinh hoạt.",
    "Dịp này, Ban Thường vụ Thị ủy khen thưởng 8 tập thể và 15 cá nhân có thành tích xuất sắc trong công tác.",
]


def article_page(title: str) -> str:
    body = "\n".join(f"<p>{p}</p>" for p in PARAS)
    return (
        f'<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>{title}</title></head><body>'
        f'<header><nav><a href="/">Trang chủ</a></nav></header><main><article><h1>{title}</h1>'
        f'<p class="meta">15/03/2024 08:30</p>{body}</article></main><footer>Bản quyền</footer></body></html>'
    )


def test_seed_crawl_without_profile(tmp_path: Path) -> None:
    with LoopbackServer() as srv, LoopbackServer(host="127.0.0.2") as outside:
        a1 = "/tin-tuc/ket-nap-45-dang-vien-moi-trong-quy-i-nam-2024"
        a2 = "/tin-tuc/so-ket-cong-tac-xay-dung-dang-quy-i-12345.html"
        a3 = "/tin-tuc/khen-thuong-tap-the-va-ca-nhan-xuat-sac-nam-2024"
        fake = "/chuyen-muc/danh-sach-bai-viet-moi-nhat-cua-thi-uy-ben-cat"  # article-shaped listing
        srv.set("/robots.txt", Reply(body="User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
        srv.page(
            "/",
            '<html><head><link rel="alternate" type="application/rss+xml" href="/rss.xml"></head><body>'
            f'<a href="{a1}">1</a><a href="{fake}">list</a><a href="/chinh-tri/">Chính trị</a>'
            f'<a href="/private/bai-viet-noi-bo-khong-cong-khai-2024">private</a>'
            f'<a href="{outside.url("/tin-tuc/bai-viet-o-trang-khac-cung-dang-tin-2024")}">out</a></body></html>',
        )
        srv.set(
            "/rss.xml",
            Reply(
                body=f"<rss><channel><item><link>{srv.url(a2)}</link></item></channel></rss>",
                content_type="application/rss+xml",
            ),
        )
        srv.page("/chinh-tri/", f'<html><body><a href="{a3}">3</a><a href="{a1}">1</a></body></html>')
        for path, title in ((a1, "Kết nạp 45 đảng viên mới"), (a2, "Sơ kết quý I"), (a3, "Khen thưởng")):
            srv.page(path, article_page(title))
        srv.page(
            fake,
            "<html><body><ul>"
            + "".join(f"<li><a href='/x{i}'>Tin {i}</a></li>" for i in range(30))
            + "</ul></body></html>",
        )

        got: list[Article] = []
        report = Crawler(tmp_path / "db", tmp_path / "warc", FAST).crawl(seeds=[srv.url("/")], on_article=got.append)

        assert sorted(a.url for a in got) == sorted(srv.url(p) for p in (a1, a2, a3))
        assert all(a.site is None for a in got)
        assert next(a for a in got if a.url == srv.url(a1)).title == "Kết nạp 45 đảng viên mới"
        rep = report.sites["127.0.0.1"]
        assert rep.ok and rep.articles == 3
        assert "/sitemap.xml" in srv.paths() and rep.errors == []  # a guessed sitemap may be missing
        assert not any(p.startswith("/private/") for p in srv.paths())
        assert outside.log == []
        entry = Frontier(tmp_path / "db").get(srv.url(fake))
        assert entry is not None and entry.kind == "listing"  # told apart by page shape


def test_bad_seed_is_reported_not_raised(tmp_path: Path) -> None:
    report = Crawler(tmp_path / "db", tmp_path / "warc", FAST).crawl(seeds=["not a url"])
    assert not report.ok
    assert report.sites["not a url"].errors[0][0] == "not a url"
    assert "not a url" in report.summary()
