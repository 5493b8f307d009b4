"""Rows describing the configured sites, for `vnnews sites list` (the CLI only formats them)."""

from __future__ import annotations

from typing import Any

from scrapers.profiles import SiteProfile, load_profiles


def list_sites(profiles: dict[str, SiteProfile] | None = None) -> list[dict[str, Any]]:
    """One row per site, sorted by name: name, family, base_url, enabled, verified_live (the date a
    live page was checked, or "never")."""
    profiles = load_profiles() if profiles is None else profiles
    return [
        {
            "name": p.name,
            "family": p.family,
            "base_url": p.base_url,
            "enabled": p.enabled,
            "verified_live": p.verified_live or "never",
        }
        for p in sorted(profiles.values(), key=lambda p: p.name)
    ]
