"""The data model shared by every part: an article and the facts found in it.

Scrapers produce `Article`s without facts; extractors produce facts for a text; the
pipeline joins them and the store keeps them. Field names follow SCHEMA.md §1, so
`to_dict()` is the JSON contract researchers script against.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from typing import Any, ClassVar

SCHEMA_ID = "vnnews.article/1"


@dataclass
class Fact:
    """A span of the article text with the rule that found it.

    `start`/`end` index into the stored (normalized) text; `evidence == text[start:end]`.
    """

    start: int
    end: int
    evidence: str
    rule: str

    kind_name: ClassVar[str] = "fact"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Count(Fact):
    value: float | int = 0
    unit: str | None = None
    subject: str | None = None
    approximate: str | None = None  # more_than | less_than | nearly | about | at_least
    indicator: str | None = None
    change: bool = False
    total: float | int | None = None  # the whole of "65/65 chi bộ" (65), else None

    kind_name: ClassVar[str] = "counts"


@dataclass
class Percentage(Fact):
    value: float = 0.0
    kind: str | None = None  # attainment | share | change
    about: str | None = None

    kind_name: ClassVar[str] = "percentages"


@dataclass
class Official(Fact):
    name: str = ""
    title: str | None = None
    organization: str | None = None
    honorific: str | None = None

    kind_name: ClassVar[str] = "officials"


@dataclass
class Award(Fact):
    award: str = "khen thưởng"
    awarding_body: str | None = None
    collectives: int | None = None
    individuals: int | None = None
    recipients: list[str] = field(default_factory=list)
    reason: str | None = None

    kind_name: ClassVar[str] = "awards"


@dataclass
class DateMention(Fact):
    value: str | None = ""  # None: a relative date ("năm ngoái") with no publication date to resolve it
    value_to: str | None = None
    kind: str = "date"  # date | month | year | period | range

    kind_name: ClassVar[str] = "dates"


@dataclass
class Location(Fact):
    name: str = ""
    level: str = "other"
    province: str | None = None
    province_2025: str | None = None

    kind_name: ClassVar[str] = "locations"


FACT_TYPES: tuple[type[Fact], ...] = (Count, Percentage, Official, Award, DateMention, Location)
FACT_KINDS: tuple[str, ...] = tuple(t.kind_name for t in FACT_TYPES)


@dataclass
class Facts:
    """Every fact found in one text, by type (the keys of SCHEMA.md §1)."""

    counts: list[Count] = field(default_factory=list)
    percentages: list[Percentage] = field(default_factory=list)
    officials: list[Official] = field(default_factory=list)
    awards: list[Award] = field(default_factory=list)
    dates: list[DateMention] = field(default_factory=list)
    locations: list[Location] = field(default_factory=list)

    def items(self) -> list[tuple[str, list[Fact]]]:
        return [(f.name, getattr(self, f.name)) for f in fields(self)]

    def total(self) -> int:
        return sum(len(v) for _, v in self.items())

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {name: [x.to_dict() for x in facts] for name, facts in self.items()}


@dataclass
class Place:
    """Where an article is about: old units and the post-1 July 2025 province."""

    province: str | None = None
    district: str | None = None
    province_2025: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Article:
    """One article as parsed from a page or a file.

    Scrapers fill `title`, `lead` and `body` (NFC, paragraphs separated by blank
    lines). The pipeline then normalizes them and sets `text` (title, lead and body
    joined by blank lines: every fact offset indexes into it) and `body_start`,
    where the body begins in `text`, so that a fact stated in the title or lead and
    again in the body is reported at the body.
    """

    title: str = ""
    lead: str | None = None
    body: str = ""
    authors: list[str] = field(default_factory=list)
    published: str | None = None  # ISO 8601 with offset
    url: str | None = None
    site: str | None = None
    source: str | None = None
    fetched_at: str | None = None
    text: str = ""
    body_start: int = 0

    @property
    def id(self) -> str:
        return article_id(self.url, self.text or self.body)

    @property
    def content_hash(self) -> str:
        return content_hash(self.text or self.body)


def article_id(url: str | None, text: str) -> str:
    """A stable id: the hash of the canonical URL, or of the text when there is none."""
    basis = url if url else "text:" + text
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def content_hash(text: str) -> str:
    """Hash of the text with case and whitespace folded, to find reposted stories."""
    folded = " ".join(text.lower().split())
    return hashlib.sha1(folded.encode("utf-8")).hexdigest()
