"""Site profiles: what to fetch from a site and how to read its pages, as data.

Each site is one TOML file in `profiles/sites/`, inheriting the selectors and URL rules of
its CMS family (`profiles/families/`), so a new NukeViet portal is a five-line file. A family
may itself extend another family (`extends = "..."`) to share the newspaper conventions.
Malformed files raise `ProfileError` naming the file and the field, never a traceback.
"""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit, urlunsplit

import soupsieve

from scrapers.errors import ProfileError

PROFILES_DIR = Path(__file__).resolve().parent / "profiles"
FAMILIES_DIR = PROFILES_DIR / "families"
SITES_DIR = PROFILES_DIR / "sites"


@dataclass(frozen=True)
class SiteProfile:
    """How to crawl one site and parse its articles (or, with no site, one CMS family)."""

    name: str
    family: str
    description: str
    base_url: str
    article_url_pattern: str
    enabled: bool = True
    allowed_hosts: tuple[str, ...] = ()
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    listings: tuple[str, ...] = ()
    pagination: str | None = None
    max_pages: int = 5
    title: tuple[str, ...] = ()
    date: tuple[str, ...] = ()
    author: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    body: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    remove: tuple[str, ...] = ()
    boilerplate_markers: tuple[str, ...] = ()
    date_meta: tuple[str, ...] = ()
    date_formats: tuple[str, ...] = ()
    timezone: str = "+07:00"
    delay: float = 1.0
    concurrency: int = 1
    timeout: float = 20.0
    max_retries: int = 3
    max_bytes: int = 5_000_000
    user_agent: str | None = None
    legacy_tls: bool = False
    block_markers: tuple[str, ...] = ()
    verified_live: str | None = None
    # Not in the crawler contract: CSS selectors whose presence marks a page of this family,
    # so the generic parser can recognise the CMS of a site that has no profile.
    detect: tuple[str, ...] = ()
    source: str | None = field(default=None, compare=False)

    def rebased(self, base_url: str) -> SiteProfile:
        """A copy pointing at another origin (a loopback copy of the site in tests and the demo).

        Scheme and host:port are replaced; the path of the original base_url is kept unless
        `base_url` has a path of its own. Absolute feed/listing/sitemap URLs on the site's hosts
        move to the new origin; relative ones stay relative (they resolve against base_url).
        """
        new = urlsplit(base_url)
        if not new.scheme or not new.netloc:
            raise ProfileError(f"{self.name}: rebased() needs an absolute URL, got {base_url!r}")
        old = urlsplit(self.base_url)
        path = new.path if new.path not in ("", "/") else old.path
        new_base = urlunsplit((new.scheme, new.netloc, path or "/", "", ""))
        hosts = {_bare_host(h) for h in self.allowed_hosts} | {_bare_host(old.hostname or "")}

        def move(url: str) -> str:
            parts = urlsplit(url)
            if parts.scheme and parts.netloc and _bare_host(parts.hostname or "") in hosts:
                return urlunsplit((new.scheme, new.netloc, parts.path, parts.query, parts.fragment))
            return url

        return dataclasses.replace(
            self,
            base_url=new_base,
            allowed_hosts=(new.hostname or "",),
            feeds=tuple(move(u) for u in self.feeds),
            sitemaps=tuple(move(u) for u in self.sitemaps),
            listings=tuple(move(u) for u in self.listings),
        )

    def absolute(self, url: str) -> str:
        """A feed/listing/sitemap entry as an absolute URL (entries may be relative to base_url)."""
        return urljoin(self.base_url, url)

    def allows(self, url: str) -> bool:
        """Whether the crawler may fetch `url` (its host is one of allowed_hosts)."""
        try:
            host = urlsplit(url).hostname
        except ValueError:
            return False
        return bool(host) and _bare_host(host) in {_bare_host(h) for h in self.allowed_hosts}


def _bare_host(host: str) -> str:
    host = host.lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host


# Field kinds, for validation of values read from TOML.
_STR, _OPT_STR, _BOOL, _INT, _FLOAT, _TUPLE = "str", "str?", "bool", "int", "float", "tuple"
_KINDS: dict[str, str] = {
    "name": _STR, "family": _STR, "description": _STR, "base_url": _STR,
    "article_url_pattern": _STR, "enabled": _BOOL, "pagination": _OPT_STR, "max_pages": _INT,
    "timezone": _STR, "delay": _FLOAT, "concurrency": _INT, "timeout": _FLOAT,
    "max_retries": _INT, "max_bytes": _INT, "user_agent": _OPT_STR, "legacy_tls": _BOOL,
    "verified_live": _OPT_STR,
}  # fmt: skip
for _f in dataclasses.fields(SiteProfile):
    if _f.name not in _KINDS and _f.name != "source":
        _KINDS[_f.name] = _TUPLE
_REQUIRED = ("name", "family", "description", "base_url", "article_url_pattern", "title", "body")
_SELECTOR_FIELDS = ("title", "date", "author", "lead", "body", "captions", "remove", "date_meta", "detect")
_FAMILY_ONLY = ("extends",)


def _read_toml(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except OSError as exc:
        raise ProfileError(f"{path}: cannot read profile file ({exc.strerror or exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ProfileError(f"{path}: malformed TOML ({exc})") from None


def _check_value(path: Path, key: str, value: Any) -> Any:
    kind = _KINDS.get(key)
    if kind is None:
        raise ProfileError(f"{path}: unknown field {key!r}")
    ok = {
        _STR: isinstance(value, str),
        _OPT_STR: isinstance(value, str),
        _BOOL: isinstance(value, bool),
        _INT: isinstance(value, int) and not isinstance(value, bool),
        _FLOAT: isinstance(value, int | float) and not isinstance(value, bool),
        _TUPLE: isinstance(value, list) and all(isinstance(v, str) for v in value),
    }[kind]
    if not ok:
        want = {_STR: "a string", _OPT_STR: "a string", _BOOL: "true or false", _INT: "an integer",
                _FLOAT: "a number", _TUPLE: "a list of strings"}[kind]  # fmt: skip
        raise ProfileError(f"{path}: field {key!r} must be {want}, got {type(value).__name__}")
    if kind == _TUPLE:
        return tuple(value)
    if kind == _FLOAT:
        return float(value)
    return value


def _family_data(family: str, families_dirs: list[Path], seen: tuple[str, ...] = ()) -> dict[str, Any]:
    """The merged settings of a family, following `extends`, from the first folder that has it."""
    if family in seen:
        raise ProfileError(f"family {family!r}: circular 'extends' ({' -> '.join(seen + (family,))})")
    if not re.fullmatch(r"[A-Za-z0-9_.-]+", family):
        raise ProfileError(f"unknown family {family!r}")
    for folder in families_dirs:
        path = folder / f"{family}.toml"
        if path.is_file():
            break
    else:
        raise ProfileError(f"unknown family {family!r}")
    raw = _read_toml(path)
    data: dict[str, Any] = {}
    parent = raw.pop("extends", None)
    if parent is not None:
        if not isinstance(parent, str):
            raise ProfileError(f"{path}: field 'extends' must be a string")
        data.update(_family_data(parent, families_dirs, seen + (family,)))
    for key, value in raw.items():
        data[key] = _check_value(path, key, value)
    return data


def _build(path: Path, raw: dict[str, Any], families_dirs: list[Path]) -> SiteProfile:
    family = raw.get("family")
    if family is None:
        raise ProfileError(f"{path}: missing required field 'family'")
    family = _check_value(path, "family", family)
    try:
        data = _family_data(family, families_dirs)
    except ProfileError as exc:
        raise ProfileError(f"{path}: field 'family': {exc}") from None
    for key, value in raw.items():
        if key in _FAMILY_ONLY:
            raise ProfileError(f"{path}: field {key!r} is allowed in family files only")
        data[key] = _check_value(path, key, value)
    data.setdefault("name", path.stem)
    data["family"] = family
    for key in _REQUIRED:
        if key not in data or data[key] in ("", ()):
            raise ProfileError(f"{path}: missing required field {key!r}")
    base = urlsplit(data["base_url"])
    if base.scheme not in ("http", "https") or not base.hostname:
        raise ProfileError(f"{path}: field 'base_url' must be an absolute http(s) URL")
    if not data.get("allowed_hosts"):
        data["allowed_hosts"] = (base.hostname,)
    _validate_patterns(path, data)
    return SiteProfile(**data, source=str(path))


def _validate_patterns(path: Path, data: dict[str, Any]) -> None:
    """Compile every regex and CSS selector now, so a typo fails at load time, not mid-crawl."""
    patterns = [("article_url_pattern", data["article_url_pattern"])]
    patterns += [("date_formats", p) for p in data.get("date_formats", ())]
    for key, pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ProfileError(f"{path}: field {key!r}: bad regex {pattern!r} ({exc})") from None
    for key in _SELECTOR_FIELDS:
        for sel in data.get(key, ()):
            try:
                soupsieve.compile(sel)
            except Exception as exc:  # soupsieve raises SelectorSyntaxError and others
                msg = str(exc).splitlines()[0]
                raise ProfileError(f"{path}: field {key!r}: bad CSS selector {sel!r} ({msg})") from None
    for key in ("max_pages", "concurrency", "max_retries", "max_bytes"):
        if data.get(key, 1) < (0 if key == "max_retries" else 1):
            raise ProfileError(f"{path}: field {key!r} must be positive")
    if data.get("delay", 0.0) < 0 or data.get("timeout", 1.0) <= 0:
        raise ProfileError(f"{path}: fields 'delay' and 'timeout' must not be negative")


def load_profile_file(path: Path, families_dir: Path | None = None) -> SiteProfile:
    """One site file, its family resolved from `families_dir` (if given) then the shipped ones."""
    path = Path(path)
    dirs = [d for d in (families_dir, FAMILIES_DIR) if d is not None]
    return _build(path, _read_toml(path), dirs)


def load_family(family: str) -> SiteProfile:
    """A shipped CMS family as a profile of its own (for pages of unknown sites of that CMS)."""
    data = _family_data(family, [FAMILIES_DIR])
    data.setdefault("description", f"{family} CMS family")
    data.setdefault("base_url", "http://localhost/")
    data.setdefault("article_url_pattern", r"\.html?$")
    data.update(name=family, family=family)
    return SiteProfile(**data, source=str(FAMILIES_DIR / f"{family}.toml"))


def family_names() -> list[str]:
    """The shipped CMS families, by name."""
    return sorted(p.stem for p in FAMILIES_DIR.glob("*.toml"))


def load_profiles(directory: Path | None = None) -> dict[str, SiteProfile]:
    """Every site profile in `directory` (the shipped ones by default), by name.

    `directory` may hold `sites/` (and optionally `families/`, which take precedence over the
    shipped families), or be a flat folder of site files.
    """
    root = Path(directory) if directory is not None else PROFILES_DIR
    sites = root / "sites" if (root / "sites").is_dir() else root
    if not sites.is_dir():
        raise ProfileError(f"{root}: not a folder of site profiles")
    local_families = root / "families"
    profiles: dict[str, SiteProfile] = {}
    for path in sorted(sites.glob("*.toml")):
        profile = load_profile_file(path, local_families if local_families.is_dir() else None)
        if profile.name in profiles:
            raise ProfileError(f"{path}: field 'name': {profile.name!r} is already used by another file")
        profiles[profile.name] = profile
    return profiles


def profile_for_url(url: str, profiles: dict[str, SiteProfile]) -> SiteProfile | None:
    """The profile whose hosts include the URL's host; the longest matching base path wins."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    host = _bare_host(host)
    best: SiteProfile | None = None
    best_len = -1
    for profile in profiles.values():
        if host not in {_bare_host(h) for h in profile.allowed_hosts}:
            continue
        base_path = urlsplit(profile.base_url).path or "/"
        score = len(base_path) if parts.path.startswith(base_path) else 0
        if score > best_len:
            best, best_len = profile, score
    return best
