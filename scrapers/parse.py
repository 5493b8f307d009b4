"""An article page (HTML) to an `Article`: title, lead (sapo), body, authors, date, canonical URL.

With a site profile its CSS selectors are used; without one the page's CMS family is recognised
from its markup (NukeViet, newspapers' sapo, vnexpress) and that family's selectors are used;
only unknown markup falls to trafilatura, with the lead recovered (generic extractors drop it,
yet it carries the headline figures). Every caption is kept exactly once, where it stands.
Any input that is not an article raises a `ScrapeError` subclass, never anything else.
"""

from __future__ import annotations

import json
import re
import unicodedata
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, NavigableString, Tag, UnicodeDammit
from bs4.element import CData, Comment, Declaration, Doctype, ProcessingInstruction

from corpus.model import Article
from scrapers import blocks, pagedate
from scrapers.errors import BlockedPage, NotAnArticle, ScrapeError
from scrapers.profiles import SiteProfile, family_names, load_family

# a page is always markup we were given, never a file name: bs4's guess that it is one is noise
warnings.filterwarnings("ignore", category=MarkupResemblesLocatorWarning)

_TEXT_RULES = Path(__file__).resolve().parent / "profiles" / "text.json"

_BLOCK_TAGS = frozenset(
    [
        "p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3",
        "h4", "h5", "h6", "ul", "ol", "li", "dl", "dt", "dd", "blockquote", "figure", "figcaption",
        "table", "thead", "tbody", "tfoot", "tr", "td", "th", "caption", "pre", "center", "form",
        "address", "hr",
    ]
)
_SKIP_STRINGS = (Comment, CData, Declaration, Doctype, ProcessingInstruction)
_ALWAYS_REMOVE = ("script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "button",
                  "input", "select", "textarea", "[hidden]", "[style*='display:none']",
                  "[style*='display: none']", "[aria-hidden='true']")  # fmt: skip
_FEED_ROOT = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(rss|feed|urlset|sitemapindex|rdf:RDF)\b",
                        re.IGNORECASE | re.DOTALL)  # fmt: skip


@lru_cache(maxsize=1)
def _rules() -> dict[str, Any]:
    return json.loads(_TEXT_RULES.read_text("utf-8"))


@lru_cache(maxsize=1)
def _families() -> tuple[SiteProfile, ...]:
    """Shipped families that can be recognised from markup, in the order they are tried."""
    found = [load_family(name) for name in family_names()]
    found = [f for f in found if f.detect]
    # Specific markup (NukeViet's body id, vnexpress's article class) before the loose sapo rule.
    return tuple(sorted(found, key=lambda f: (f.name.startswith("news"), f.name)))


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _clean(text: str) -> str:
    """NFC with whitespace folded (no-break and zero-width spaces included)."""
    text = _nfc(text).replace("\u200b", "").replace("\ufeff", "").replace("\u200c", "")
    return " ".join(text.split())


def _key(text: str) -> str:
    """Comparison key for 'is this paragraph a repeat of that caption?'."""
    return "".join(ch for ch in _clean(text).casefold() if ch.isalnum())


def _decode(html: str | bytes) -> str:
    if isinstance(html, bytes):
        dammit = UnicodeDammit(html, ["utf-8", "windows-1258", "windows-1252"])
        return dammit.unicode_markup or html.decode("utf-8", errors="replace")
    if isinstance(html, str):
        return html
    raise NotAnArticle(f"{type(html).__name__} given where an HTML page was expected")


def parse_page(html: str | bytes, url: str | None, profile: SiteProfile | None = None) -> Article:
    """Parse one page; raise NotAnArticle / BlockedPage (both ScrapeError) for non-articles."""
    label = url or "page"
    try:
        return _parse(_decode(html), url, profile, label)
    except ScrapeError:
        raise
    except RecursionError:
        raise NotAnArticle(f"{label}: markup nested too deeply to parse") from None
    except Exception as exc:  # a parser bug must not become a traceback for the user
        raise NotAnArticle(f"{label}: could not parse page ({type(exc).__name__}: {exc})") from None


def is_article_url(url: str, profile: SiteProfile | None) -> bool:
    """Whether `url` looks like an article of this site (host allowed, URL shape matches)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    if parts.scheme not in ("http", "https", ""):
        return False
    if profile is None:
        return re.search(_rules()["generic_article_url"], url) is not None
    if parts.netloc and profile.allowed_hosts and not profile.allows(url):
        return False
    return re.search(profile.article_url_pattern, url) is not None


def detect_family(soup: BeautifulSoup) -> SiteProfile | None:
    """The shipped CMS family whose `detect` selectors match this page, if any."""
    for family in _families():
        if any(soup.select_one(sel) is not None for sel in family.detect):
            return family
    return None


# --------------------------------------------------------------------------------------------
def _parse(html: str, url: str | None, profile: SiteProfile | None, label: str) -> Article:
    if not html.strip():
        raise NotAnArticle(f"{label}: empty page")
    if _FEED_ROOT.match(html[:4000]):
        raise NotAnArticle(f"{label}: a feed or sitemap, not an article page")
    soup = BeautifulSoup(html, "lxml")
    visible = _clean(_visible_text(soup))
    reason = blocks.block_reason(soup, html, visible, profile.block_markers if profile else ())
    if reason:
        raise BlockedPage(f"{label}: {reason}")
    reason = blocks.stub_reason(soup, visible)
    if reason:
        raise NotAnArticle(f"{label}: {reason}")

    site = profile.name if profile is not None else None
    rules = profile if profile is not None else detect_family(soup)
    tz = pagedate.parse_tz(rules.timezone if rules else "+07:00")
    published = pagedate.date_from_meta(soup, rules.date_meta if rules else (), tz)
    canonical = _canonical(soup, url)
    if rules is not None:
        article = _parse_with_profile(soup, rules, label, published, tz)
    else:
        article = _parse_generic(html, soup, url, label, published, tz)
    article.url = canonical
    article.site = site
    return article


def _visible_text(soup: BeautifulSoup) -> str:
    body = soup.body or soup
    parts = []
    for s in body.find_all(string=True):
        if isinstance(s, _SKIP_STRINGS) or s.parent is None or s.parent.name in ("script", "style", "noscript"):
            continue
        parts.append(str(s))
    return " ".join(parts)


def declared_url(html: str) -> str | None:
    """The address a page gives for itself (`<link rel=canonical>`, else `og:url`): which
    profile reads a saved page whose URL is not known."""
    head = html[: html.find("</head>") + 7] if "</head>" in html else html[:200_000]
    return _canonical(BeautifulSoup(head, "lxml"), None)


def _canonical(soup: BeautifulSoup, url: str | None) -> str | None:
    for sel, attr in (("link[rel~='canonical']", "href"), ("meta[property='og:url']", "content")):
        el = soup.select_one(sel)
        value = el.get(attr) if el is not None else None
        if isinstance(value, str) and value.strip():
            value = value.strip()
            joined = urljoin(url, value) if url else value
            if urlsplit(joined).scheme in ("http", "https"):
                return joined
    return url


def _first(soup: BeautifulSoup | Tag, selectors: Iterable[str]) -> Tag | None:
    for sel in selectors:
        el = soup.select_one(sel)
        if el is not None and el.get_text(strip=True):
            return el
    return None


def _title(soup: BeautifulSoup, selectors: Iterable[str]) -> tuple[str, Tag | None]:
    el = _first(soup, selectors)
    if el is not None:
        return _clean(el.get_text(" ")), el
    meta = soup.select_one("meta[property='og:title']")
    if meta is not None and isinstance(meta.get("content"), str):
        return _clean(meta["content"]), None
    if soup.title is not None:
        return _clean(soup.title.get_text(" ")), None
    return "", None


# --------------------------------------------------------------------------------------------
@dataclass
class _Para:
    text: str
    caption: bool = False


@dataclass
class _Walk:
    captions: set[int] = field(default_factory=set)  # id() of caption elements
    out: list[_Para] = field(default_factory=list)


def _paragraphs(node: Tag, captions: set[int]) -> list[_Para]:
    """Block-level text of `node` in document order, caption elements tagged as such."""
    walk = _Walk(captions=captions)
    _walk(node, walk)
    return walk.out


def _has_block(tag: Tag) -> bool:
    return any(isinstance(d, Tag) and d.name in _BLOCK_TAGS for d in tag.descendants)


def _walk(node: Tag, walk: _Walk) -> None:
    buf: list[str] = []

    def flush() -> None:
        for line in "".join(buf).split("\n"):
            text = _clean(line)
            if text:
                walk.out.append(_Para(text))
        buf.clear()

    for child in node.children:
        if isinstance(child, NavigableString):
            if not isinstance(child, _SKIP_STRINGS):
                buf.append(str(child))
            continue
        if not isinstance(child, Tag):
            continue
        if id(child) in walk.captions:
            flush()
            text = _clean(child.get_text(" "))
            if text:
                walk.out.append(_Para(text, caption=True))
        elif child.name == "br":
            buf.append("\n")
        elif child.name in _BLOCK_TAGS or _has_block(child):
            flush()
            _walk(child, walk)
        else:
            buf.append(child.get_text(" ") if child.find("br") is None else _inline_with_breaks(child))
    flush()


def _inline_with_breaks(tag: Tag) -> str:
    parts = []
    for d in tag.descendants:
        if isinstance(d, Tag) and d.name == "br":
            parts.append("\n")
        elif isinstance(d, NavigableString) and not isinstance(d, _SKIP_STRINGS):
            parts.append(str(d))
    return "".join(parts)


def _document_order(soup: BeautifulSoup) -> dict[int, int]:
    return {id(t): i for i, t in enumerate(soup.find_all(True))}


def _inside(tag: Tag, container: Tag) -> bool:
    return tag is container or any(p is container for p in tag.parents)


def _marker_set(markers: Iterable[str]) -> set[str]:
    return {_clean(m).rstrip(":").strip().casefold() for m in markers if m.strip()}


def _is_marker(text: str, markers: set[str]) -> bool:
    return text.rstrip(":").strip().casefold() in markers


def _assemble_body(paras: list[_Para], lead: str | None, alts: set[str], markers: set[str]) -> list[str]:
    """Cut at boilerplate, keep each caption once where it stands, drop repeats of captions and alts."""
    caption_keys = {_key(p.text) for p in paras if p.caption}
    lead_key = _key(lead) if lead else None
    seen_captions: set[str] = set()
    body: list[str] = []
    for p in paras:
        if _is_marker(p.text, markers):
            break
        k = _key(p.text)
        if not k:
            continue
        if p.caption:
            if k in seen_captions:
                continue
            seen_captions.add(k)
        elif k in caption_keys or k in alts or (k == lead_key and not body):
            continue
        body.append(p.text)
    return body


# --------------------------------------------------------------------------------------------
def _parse_with_profile(
    soup: BeautifulSoup, p: SiteProfile, label: str, published: str | None, tz: Any
) -> Article:
    title, title_el = _title(soup, p.title)
    body_el = _first(soup, p.body)
    if body_el is None:
        raise NotAnArticle(f"{label}: no article body ({p.name} selectors matched nothing: listing or other page)")
    if published is None:
        published = pagedate.date_from_elements(soup, p.date, p.date_formats, tz)
    for sel in _ALWAYS_REMOVE:
        for el in soup.select(sel):
            el.decompose()
    body_el = _first(soup, p.body)
    if body_el is None:
        raise NotAnArticle(f"{label}: article body is empty")
    for sel in p.remove:
        for el in body_el.select(sel):
            if el is not body_el:
                el.decompose()

    authors, author_blocks = _authors(soup, p.author, body_el)
    for el in author_blocks:
        el.decompose()

    caption_els = [el for sel in p.captions for el in soup.select(sel)]
    caption_ids = {id(el) for el in caption_els}
    lead_el = _first(soup, p.lead)
    lead: str | None = None
    pre_captions: list[_Para] = []
    if lead_el is not None and not _inside(lead_el, body_el):
        lead_paras = _paragraphs(lead_el, caption_ids)
        pre_captions += [x for x in lead_paras if x.caption]
        lead = _clean(" ".join(x.text for x in lead_paras if not x.caption)) or None

    # The lead image's caption stands between the title and the body, outside both: it opens the body.
    order = _document_order(soup)
    start = order.get(id(title_el), -1) if title_el is not None else -1
    end = order.get(id(body_el), len(order))
    for el in caption_els:
        pos = order.get(id(el))
        if pos is None or not start < pos < end or _inside(el, body_el):
            continue
        if lead_el is not None and _inside(el, lead_el):
            continue
        text = _clean(el.get_text(" "))
        if text:
            pre_captions.append(_Para(text, caption=True))

    alts = {_key(img.get("alt")) for img in soup.find_all("img") if isinstance(img.get("alt"), str)}
    alts.discard("")
    paras = pre_captions + _paragraphs(body_el, caption_ids)
    markers = _marker_set(p.boilerplate_markers + tuple(_rules()["boilerplate_markers"]))
    body = _assemble_body(paras, lead, alts, markers)
    if not body:
        raise NotAnArticle(f"{label}: article body is empty")
    if not title:
        raise NotAnArticle(f"{label}: page has no title")
    return Article(title=title, lead=lead, body="\n\n".join(body), authors=authors, published=published)


# --------------------------------------------------------------------------------------------
def clean_author(text: str) -> list[str]:
    """Names from an author line: prefixes ("Tác giả:", "Theo", "Tin, ảnh:") and "PV" removed."""
    return _author_line(text) or []


def _author_line(text: str) -> list[str] | None:
    """The names on an author line ([] when it holds only "PV"-like words), None if not one."""
    rules = _rules()
    text = _clean(text).strip(" .-–—()[]")
    low = text.casefold()
    if not text or any(low.startswith(r.casefold()) for r in rules["author_reject_prefixes"]):
        return None
    changed = True
    while changed:
        changed = False
        for prefix in rules["author_strip_prefixes"]:
            if text.casefold().startswith(prefix.casefold()):
                rest = text[len(prefix) :]
                if prefix[-1].isalpha() and rest[:1].isalnum():
                    continue  # "Theodore", not "Theo "
                text = rest.strip(" :.-–—")
                changed = True
    parts = [text]
    for sep in rules["author_separators"]:
        parts = [piece for part in parts for piece in part.split(sep)]
    drop = {d.casefold() for d in rules["author_drop"]}
    names: list[str] = []
    for part in parts:
        name = part.strip(" .:-–—()[]\"'")
        if not name or name.casefold() in drop:
            continue
        if "." in name and " " not in name:  # a site name ("baobinhduong.vn"), not a person
            continue
        if len(name) > rules["author_max_chars"] or len(name.split()) > rules["author_max_words"]:
            return None
        if any(ch.isdigit() for ch in name):
            return None
        names.append(name)
    return names


def _authors(soup: BeautifulSoup, selectors: Iterable[str], body_el: Tag) -> tuple[list[str], list[Tag]]:
    """Authors from the first selector that yields names, and the body blocks that only held them."""
    for sel in selectors:
        names: list[str] = []
        blocks_: list[Tag] = []
        for el in soup.select(sel):
            holder = el
            if _inside(el, body_el) and el is not body_el:
                # Inside the body the author line is a whole paragraph (often bold, right-aligned).
                holder = el if el.name in _BLOCK_TAGS else el.find_parent(list(_BLOCK_TAGS)) or el
                if _clean(holder.get_text(" ")) != _clean(el.get_text(" ")):
                    continue
            found = _author_line(holder.get_text(" "))
            if found is None:
                continue
            names += [n for n in found if n not in names]
            if _inside(holder, body_el) and holder is not body_el:
                blocks_.append(holder)
        if names or blocks_:
            return names, blocks_
    return [], []


# --------------------------------------------------------------------------------------------
def _generic_lead(soup: BeautifulSoup) -> str | None:
    rules = _rules()
    el = _first(soup, rules["generic_lead_selectors"])
    if el is not None:
        text = _clean(el.get_text(" "))
        if 20 <= len(text) <= 1500:
            return text
    for sel in rules["generic_lead_meta"]:
        meta = soup.select_one(sel)
        if meta is not None and isinstance(meta.get("content"), str) and len(meta["content"].strip()) >= 20:
            return _clean(meta["content"])
    return None


def _date_near_title(soup: BeautifulSoup, tz: Any) -> str | None:
    """A visible date in the short lines just after the headline, where newspapers print it."""
    heading = soup.find("h1")
    if heading is None:
        return None
    limit = _rules()["date_near_title_elements"]
    for el in heading.find_all_next(True, limit=limit):
        text = el.get_text(" ", strip=True)
        if text and len(text) <= 120:
            found = pagedate.parse_visible(text, (), tz)
            if found:
                return found
    return None


def _parse_generic(
    html: str, soup: BeautifulSoup, url: str | None, label: str, published: str | None, tz: Any
) -> Article:
    import trafilatura  # imported late: it is slow to import and only unknown markup needs it

    doc = trafilatura.bare_extraction(
        html, url=url, include_comments=False, include_tables=True, with_metadata=True, favor_precision=True
    )
    text = getattr(doc, "text", None) if doc is not None else None
    if not text:
        raise NotAnArticle(f"{label}: no article text found (unknown markup)")
    rules = _rules()
    lead = _generic_lead(soup)
    title = _clean(getattr(doc, "title", None) or "") or _title(soup, ("h1",))[0]
    captions = {_key(el.get_text(" ")) for el in soup.select("figcaption, [class*='caption']")}
    captions.discard("")
    alts = {_key(img.get("alt")) for img in soup.find_all("img") if isinstance(img.get("alt"), str)}
    alts -= captions
    alts.discard("")
    paras = []
    for line in text.split("\n"):
        cleaned = _clean(line)
        if cleaned:
            k = _key(cleaned)
            paras.append(_Para(cleaned, caption=k in captions))
    markers = _marker_set(rules["boilerplate_markers"])
    body = _assemble_body(paras, lead, alts, markers)
    # trafilatura may open the text with the headline (and the lead): they have their own fields.
    heads = {_key(title), _key(lead) if lead else ""} - {""}
    while body and _key(body[0]) in heads:
        body.pop(0)
    if sum(len(b) for b in body) < rules["min_body_chars"]:
        raise NotAnArticle(f"{label}: too little text for an article (listing or other page)")
    if published is None:
        published = pagedate.date_from_elements(soup, tuple(rules["generic_date_selectors"]), (), tz)
    if published is None:
        published = _date_near_title(soup, tz)
    authors: list[str] = []
    raw_author = getattr(doc, "author", None)
    if raw_author:
        for part in str(raw_author).split(";"):
            authors += [n for n in clean_author(part) if n not in authors]
    if not authors:
        authors, _ = _authors(soup, rules["generic_author_selectors"], soup.body or soup)
    if not title:
        raise NotAnArticle(f"{label}: page has no title")
    return Article(title=title, lead=lead, body="\n\n".join(body), authors=authors, published=published)
