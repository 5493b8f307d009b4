"""Turn a parsed Article into the text every offset indexes into, and extract its facts.

This is the one place where scrapers' output meets extractors' input: title, lead and
body are normalized (NFC, new tone-mark placement, folded whitespace) and joined by
blank lines (SCHEMA.md §1), and `body_start` tells the extractors where the body begins.
"""

from __future__ import annotations

from dataclasses import replace

from corpus.model import Article, Facts, Place
from extractors import EXTRACTOR_VERSION, article_place, extract_facts
from extractors.normalize import normalize_text


def compose(article: Article) -> Article:
    """A copy of `article` with normalized fields, `text` and `body_start` set.

    An article that already has `text` (a plain-text file) keeps it, normalized:
    the file is the article.
    """
    title = normalize_text(article.title or "").strip()
    lead = normalize_text(article.lead).strip() if article.lead else None
    if article.text:
        text = normalize_text(article.text)
        first_break = text.find("\n")
        body_start = len(text) if first_break < 0 else first_break + 1
        return replace(article, title=title, lead=lead, text=text, body_start=body_start)
    body = normalize_text(article.body or "").strip()
    head = "\n\n".join(p for p in (title, lead) if p)
    text = "\n\n".join(p for p in (head, body) if p)
    body_start = len(head) + 2 if head and body else (0 if not head else len(text))
    return replace(article, title=title, lead=lead or None, body=body, text=text, body_start=body_start)


def process(article: Article) -> tuple[Article, Facts, Place]:
    """Compose the article and extract its facts and its place."""
    article = compose(article)
    facts = extract_facts(article.text, body_start=article.body_start, published=article.published)
    place = article_place(article.text, facts.locations)
    return article, facts, place


def reprocess(article: Article) -> tuple[Article, Facts, Place]:
    """Extract again from an article already composed (its text and body_start as stored)."""
    facts = extract_facts(article.text, body_start=article.body_start, published=article.published)
    return article, facts, article_place(article.text, facts.locations)


def to_record(article: Article, facts: Facts, place: Place) -> dict:
    """The JSON object of SCHEMA.md §1 for one article."""
    return {
        "schema": "vnnews.article/1",
        "id": article.id,
        "source": article.source,
        "url": article.url,
        "site": article.site,
        "title": article.title,
        "lead": article.lead,
        "authors": list(article.authors),
        "published": article.published,
        "place": place.to_dict(),
        "text": article.text,
        **facts.to_dict(),
        "extractor_version": EXTRACTOR_VERSION,
    }
