"""The country table and the one name resolver.

Every source keys countries differently (UNTC long names, M49 codes, ISO codes, plain or
historic names, several countries in one cell). Everything goes through `resolve` /
`resolve_many` here, backed by `data/countries.csv` and `data/country_aliases.csv`, which
`scripts/build_countries.py` generates. Callers report what does not resolve; nothing here
guesses fuzzily.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

DATA_DIR = Path(__file__).resolve().parent.parent / "data"

# Codes that sources use but ISO 3166-1 does not assign to these countries.
_ISO2_EXTRA = {"UK": "GBR", "EL": "GRC", "XK": "XKX"}


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    m49: str
    name: str
    formal_name: str
    kind: str  # member_state | observer_state | regional_organization | territory
    un_member: bool
    region: str
    subregion: str
    un_group: str
    un_group_note: str


_TAGGED_FOOTNOTE = re.compile(r"<sup>.*?</sup>|<[^>]+>", re.I | re.S)
# Trailing footnote markers: "Name6", "Name 2, 3", "Name*", "Name (a)", "Name †".
# A parenthetical is only stripped when it holds one letter or digits, so
# "(Islamic Republic of)" is kept.
_TRAILING_FOOTNOTE = re.compile(r"(?:\s*(?:\d+|[*†‡]+|\((?:[a-z]|\d+)\))\s*,?)+$")
_APOSTROPHES = str.maketrans({c: "'" for c in "’‘`´ʼ′"})
_DASHES = str.maketrans({c: "-" for c in "‐‑‒–—―−"})


def normalize(text: str) -> str:
    """Matching key: no footnote markers, casefolded, unaccented, one kind of apostrophe
    and dash, single spaces, "&" read as "and", "St." read as "saint", no leading "the "."""
    s = _TAGGED_FOOTNOTE.sub("", str(text))
    # NFKD splits accents off letters and turns superscript digits into plain digits.
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c))
    s = s.translate(_APOSTROPHES).translate(_DASHES).casefold()
    s = re.sub(r"\s+", " ", s).strip()
    s = _TRAILING_FOOTNOTE.sub("", s).strip()
    s = s.replace("&", " and ")
    s = re.sub(r"\bst\.?(?=\s)", "saint", s)
    s = re.sub(r"\s+", " ", s).strip()
    return s[4:] if s.startswith("the ") else s


@cache
def _table() -> pd.DataFrame:
    return pd.read_csv(DATA_DIR / "countries.csv", dtype=str, keep_default_na=False)


@cache
def countries() -> dict[str, Country]:
    """All entities by iso3, in display-name order."""
    rows = _table().sort_values("name", key=lambda col: col.map(normalize))
    out = {}
    for rec in rows.to_dict("records"):
        rec["un_member"] = rec["un_member"] == "1"
        out[rec["iso3"]] = Country(**rec)
    return out


def get(iso3: str) -> Country | None:
    return countries().get(str(iso3).strip().upper())


@cache
def _aliases() -> pd.DataFrame:
    df = pd.read_csv(DATA_DIR / "country_aliases.csv", dtype=str, keep_default_na=False)
    df["key"] = df["alias"].map(normalize)
    return df


@cache
def _name_index() -> dict[str, str]:
    """normalized spelling -> iso3, from every row's names and every alias of kind `name`."""
    index = {}
    for c in countries().values():
        index[normalize(c.name)] = c.iso3
        index[normalize(c.formal_name)] = c.iso3
    names = _aliases()[_aliases()["kind"] == "name"]
    index.update(zip(names["key"], names["iso3"]))
    return index


def resolve(name: str) -> str | None:
    """Any spelling (name, formal name, alias, ISO3 code) -> iso3, or None."""
    if name is None:
        return None
    key = normalize(name)
    if not key:
        return None
    if key in _name_index():
        return _name_index()[key]
    code = key.upper()
    return code if code in countries() else None


def resolve_many(cell: str) -> tuple[list[str], list[str]]:
    """A cell naming one or more countries -> (iso3 codes in order, unresolved pieces).

    ";" and "/" always separate; " and " / "&" separate only when the text around them
    does not resolve as a whole ("Bosnia and Herzegovina"); "," separates only when every
    comma piece resolves, so "Korea, Republic of" stays whole.
    """
    found: list[str] = []
    missing: list[str] = []

    def piece(text: str) -> None:
        text = text.strip()
        if not text:
            return
        iso3 = resolve(text)
        if iso3:
            found.append(iso3)
            return
        commas = [p for p in text.split(",") if p.strip()]
        if len(commas) > 1 and all(_resolves_fully(p) for p in commas):
            for p in commas:
                piece(p)
            return
        parts = re.split(r"\s+and\s+|&", text, flags=re.I)
        if len(parts) > 1:
            for p in parts:
                piece(p)
        else:
            missing.append(text)

    for chunk in re.split(r"[;/]", str(cell or "")):
        piece(chunk)
    return list(dict.fromkeys(found)), missing


def _resolves_fully(text: str) -> bool:
    found, missing = resolve_many(text)
    return bool(found) and not missing


@cache
def _iso2_index() -> dict[str, str]:
    index = {c.iso2: c.iso3 for c in countries().values() if c.iso2}
    return {**index, **_ISO2_EXTRA}


def by_iso2(code: str) -> str | None:
    """ISO 3166-1 alpha-2 -> iso3; also "XK" (Kosovo), "UK" and "EL" (EU usage)."""
    return _iso2_index().get(str(code or "").strip().upper())


@cache
def _m49_index() -> dict[str, str]:
    return {c.m49: c.iso3 for c in countries().values() if c.m49}


def by_m49(code: str | int) -> str | None:
    """M49 numeric code in any form ("004", "4", 4) -> iso3."""
    text = str(code).strip()
    return _m49_index().get(text.zfill(3)) if text.isdigit() else None


@cache
def demonyms() -> dict[str, str]:
    """normalized demonym / adjective -> iso3, for inferring countries from headlines."""
    dem = _aliases()[_aliases()["kind"] == "demonym"]
    return dict(zip(dem["key"], dem["iso3"]))


@cache
def name_patterns() -> list[tuple[str, str]]:
    """(normalized name or demonym, iso3), longest first, so that "South Sudan" is tried
    before "Sudan" when scanning free text. Callers should match on word boundaries."""
    pairs = {**_name_index(), **demonyms()}
    return sorted(pairs.items(), key=lambda kv: (-len(kv[0]), kv[0]))


def display_name(iso3: str) -> str:
    c = get(iso3)
    return c.name if c else str(iso3)
