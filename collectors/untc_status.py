"""UN Treaty Collection: status of the UN Convention against Cybercrime (MTDSG XVIII-16).

Two forms of one record, told apart by content: the XML view (primary) and the HTML status page
(fallback). See ../shared/sources/untc/FORMAT.md. Also reads the compiled signatories CSV that seeds
the bundled snapshot.
"""
from __future__ import annotations

import csv
import html
import io
import re
from datetime import date, datetime

from bs4 import BeautifulSoup
from lxml import etree

from treaty_monitor import countries
from .base import Dataset, ParseError, ParseResult

SOURCE_ID = "untc_status"
CLI_TABLE = "treaty_participants"
DATASETS = {
    "treaty_participants": Dataset(
        key=("participant",),
        tracked=("signature_date", "consent_date", "consent_kind", "has_declarations", "flagged"),
    ),
    "treaty_records": Dataset(key=("treaty",), tracked=("signatories_count", "parties_count"),
                              track_additions=False),
}
TREATY = "XVIII-16"
CONSENT_KINDS = {"": "ratification", "A": "acceptance", "AA": "approval", "a": "accession",
                 "d": "succession", "c": "formal confirmation"}
MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
_DATE = re.compile(r"^(\d{1,2})\s+([A-Za-z]{3})[A-Za-z]*\.?\s+(\d{4})\s*(AA|A|a|d|c)?$")
_MAINTENANCE = re.compile(rb"urgent maintenance|currently unavailable|under maintenance", re.I)
EXPECTED = "the UN Treaty Collection status of MTDSG XVIII-16 (XML view or HTML status page)"


def parse(content: bytes, url: str) -> ParseResult:
    head = content[:2000].lstrip()
    if _MAINTENANCE.search(content[:20000]) and b"tblgrid" not in content and b"<Participants" not in content:
        raise ParseError(f"the UN Treaty Collection answered with its maintenance page, not {EXPECTED}")
    if head.startswith(b"<?xml") or head.startswith(b"<Document"):
        return _parse_xml(content, url)
    if b"<html" in content[:5000].lower() or b"<!doctype html" in head.lower():
        return _parse_html(content, url)
    raise ParseError(f"expected {EXPECTED}, got neither XML nor HTML")


# --- XML view ------------------------------------------------------------------------------------

def _parse_xml(content: bytes, url: str) -> ParseResult:
    try:
        root = etree.fromstring(content, parser=etree.XMLParser(resolve_entities=False, no_network=True))
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"truncated or malformed XML, expected {EXPECTED} ({exc.msg})") from None
    treaty = root.find("Treaty")
    if treaty is None:
        raise ParseError(f"expected {EXPECTED}, got an XML document without <Treaty>")
    chapter = _text(treaty.find("Header/Chapter/Header"))
    number = _text(treaty.find("Header/ExternalData/Numsect"))
    title = _text(treaty.find("Header/ExternalData/Titlesect"))
    _check_treaty(chapter, number, title)
    declarations = _declarations_by_name(_text(treaty.find("Declarations/Text")))
    result = ParseResult()
    rows = treaty.findall("Participants/Table/TGroup/Tbody/Rows/Row")
    for row in rows:
        entries = row.findall("Entry")
        if len(entries) < 3:
            result.warnings.append(f"a participant row with {len(entries)} cells could not be read")
            continue
        marks = [_text(s) for s in entries[0].findall("superscript")]
        name = _name_without_markers(entries[0])
        _add_participant(result, url, name, ", ".join(m for m in marks if m),
                         _text(entries[1]), _text(entries[2]), declarations)
    if not result.rows("treaty_participants"):
        raise ParseError(f"the document lists no participants; expected {EXPECTED}")
    result.rows("treaty_records").append({
        "treaty": TREATY, "title": title, "status_as_at": None,
        "signatories_count": _int(_text(treaty.find("Header/ExternalData/Status/Signatories"))),
        "parties_count": _int(_text(treaty.find("Header/ExternalData/Status/Parties"))),
        "endnotes": _plain(_text(treaty.find("EndNotes/Text"))), "source_url": url,
    })
    return result


def _name_without_markers(entry) -> str:
    parts = [entry.text or ""]
    for child in entry:
        if child.tag != "superscript":
            parts.append(child.xpath("string()"))
        parts.append(child.tail or "")
    return " ".join("".join(parts).split())


# --- HTML status page ----------------------------------------------------------------------------

def _parse_html(content: bytes, url: str) -> ParseResult:
    soup = BeautifulSoup(content, "html.parser")
    title = _by_id_suffix(soup, "rptTreaty_ctl00_tcTreaty")
    grid = soup.find("table", id=re.compile(r"tblgrid$"))
    if grid is None:
        raise ParseError(f"expected {EXPECTED}, got an HTML page without the participants grid")
    _check_treaty("XVIII" if "XVIII" in soup.get_text(" ")[:5000] else "", None, title or soup.get_text(" ")[:5000])
    declarations = _declarations_by_name(_html_section(soup, "Declarations and Reservations"))
    result = ParseResult()
    for tr in grid.find_all("tr")[1:]:
        cells = tr.find_all("td")
        if len(cells) < 3:
            continue
        marks = [sup.get_text(" ", strip=True) for sup in cells[0].find_all("sup")]
        for sup in cells[0].find_all("sup"):
            sup.decompose()
        name = " ".join(cells[0].get_text(" ").split())
        noted = cells[0].find("a", class_="noteIndex") is not None
        _add_participant(result, url, name, ", ".join(marks), cells[1].get_text(), cells[2].get_text(),
                         declarations, noted)
    if not result.rows("treaty_participants"):
        raise ParseError(f"the participants grid is empty; expected {EXPECTED}")
    status = _by_id_suffix(soup, "rptStatus_ctl00_tcText") or ""
    stamp = re.search(r"(?:Status as at|État au)\s*:\s*([0-9][0-9:\- ]+\s*[A-Z]{2,4})", soup.get_text(" "))
    result.rows("treaty_records").append({
        "treaty": TREATY, "title": title, "status_as_at": stamp.group(1).strip() if stamp else None,
        "signatories_count": _int(_after(status, "Signatories")),
        "parties_count": _int(_after(status, "Parties")),
        "endnotes": _plain(_html_section(soup, "End notes")), "source_url": url,
    })
    return result


def _by_id_suffix(soup, suffix: str) -> str | None:
    element = soup.find(id=re.compile(re.escape(suffix) + "$"))
    return " ".join(element.get_text(" ").split()) if element else None


def _html_section(soup, heading: str) -> str:
    """The HTML after a heading such as 'Declarations and Reservations', up to the next such heading."""
    marker = soup.find(string=re.compile(heading, re.I))
    if marker is None:
        return ""
    parts = []
    for sibling in marker.parent.find_all_next():
        text = sibling.get_text(" ", strip=True)
        if sibling.name in ("h1", "h2", "h3", "h4") or text in ("Objections", "End notes", "Declarations and Reservations"):
            if parts:
                break
            continue
        if sibling.name in ("p", "div") and not sibling.find(["p", "div"]):
            parts.append(str(sibling))
    return "".join(parts)


# --- shared --------------------------------------------------------------------------------------

def _check_treaty(chapter: str | None, number: str | None, title: str | None) -> None:
    about_cybercrime = bool(title and "against Cybercrime" in title)
    if number is not None and (number.strip() != "16" or "XVIII" not in (chapter or "")):
        raise ParseError(f"expected {EXPECTED}, got chapter {chapter or '?'} no. {number}: {(title or '')[:80]}")
    if not about_cybercrime:
        raise ParseError(f"expected {EXPECTED}, got another treaty: {(title or 'no title')[:80]}")


def _add_participant(result, url, name, footnotes, signature_cell, consent_cell, declarations, noted=False):
    iso3 = countries.resolve(name)
    if iso3 is None:
        result.warnings.append(f"unresolved participant name {name!r}")
    signature = _act(signature_cell)
    consent = _act(consent_cell)
    notes = [n for n in (signature["note"], consent["note"]) if n]
    declaration = declarations.get(countries.normalize(name))
    result.rows("treaty_participants").append({
        "participant": name, "iso3": iso3,
        "signature_date": signature["date"], "signature_text": signature["text"], "signature_place": None,
        "consent_date": consent["date"], "consent_kind": consent["kind"] if consent["date"] else None,
        "consent_text": consent["text"], "footnotes": footnotes or None,
        "flagged": bool(notes), "flag_note": "; ".join(notes) or None,
        "has_declarations": bool(declaration) or noted, "declarations": declaration,
        "confidence": "official", "evidence": "UN Treaty Collection depositary record", "source_url": url,
    })


def _act(cell: str | None) -> dict:
    """A signature or consent cell: date, kind of consent, raw text, and a note when it is a special case."""
    raw = " ".join((cell or "").split())
    out = {"date": None, "kind": None, "text": raw or None, "note": None}
    if not raw:
        return out
    inner = raw
    if raw.startswith("[") and raw.endswith("]"):
        inner = raw[1:-1].strip()
        out["note"] = f"bracketed entry {raw} (special case: see footnotes)"
    match = _DATE.match(inner)
    if not match:
        out["note"] = f"entry {raw!r} is not a plain date (withdrawn or struck?)"
        return out
    day, month, year, suffix = match.groups()
    try:
        out["date"] = date(int(year), MONTHS[month.lower()], int(day))
    except (KeyError, ValueError):
        out["note"] = f"entry {raw!r} has an impossible date"
        return out
    out["kind"] = CONSENT_KINDS[suffix or ""]
    return out


def _declarations_by_name(escaped_html: str | None) -> dict[str, str]:
    """Declaration texts keyed by the normalized participant name that heads each block in bold."""
    if not escaped_html:
        return {}
    soup = BeautifulSoup(html.unescape(escaped_html) if "&lt;" in escaped_html else escaped_html, "html.parser")
    blocks: dict[str, list[str]] = {}
    current = None
    for paragraph in soup.find_all("p") or [soup]:
        bold = paragraph.find("b")
        text = paragraph.get_text(" ", strip=True)
        if bold and bold.get_text(strip=True) == text:
            current = countries.normalize(re.sub(r"\d+$", "", text))
            blocks[current] = []
        elif current is not None and text:
            blocks[current].append(text)
    return {name: "\n".join(parts) for name, parts in blocks.items() if parts}


def _plain(escaped_html: str | None) -> str | None:
    if not escaped_html:
        return None
    return BeautifulSoup(html.unescape(escaped_html), "html.parser").get_text("\n", strip=True) or None


def _text(element) -> str | None:
    return element.xpath("string()") if element is not None else None


def _after(text: str, label: str) -> str | None:
    match = re.search(label + r"\s*:?\s*(\d+)", text)
    return match.group(1) if match else None


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() else None


# --- the compiled signatories CSV of the bundled snapshot ----------------------------------------

SEED_CONFIDENCE = [("UNCONFIRMED", "unconfirmed"), ("confirmed (UNTC", "official"),
                   ("confirmed (verdragen.nl)", "secondary"), ("name confirmed by news", "press")]


def parse_compiled_csv(content: bytes, url: str) -> ParseResult:
    """The compiled list in data/seed: one row per participant, each with its own source and confidence."""
    reader = csv.DictReader(io.StringIO(content.decode("utf-8-sig")))
    needed = {"participant_untc_name", "signature_date", "confidence", "source"}
    if not needed <= set(reader.fieldnames or ()):
        raise ParseError(f"expected the compiled signatories CSV with columns {sorted(needed)}")
    result = ParseResult()
    for row in reader:
        name = row["participant_untc_name"].strip()
        iso3 = countries.resolve(name)
        if iso3 is None:
            result.warnings.append(f"unresolved participant name {name!r}")
        signed = _iso_date(row["signature_date"])
        confidence = next(level for marker, level in SEED_CONFIDENCE + [("", "secondary")] if marker in row["confidence"])
        result.rows("treaty_participants").append({
            "participant": name, "iso3": iso3, "signature_date": signed,
            "signature_text": row["signature_date"] if signed is None else None,
            "signature_place": row.get("place") or None, "consent_date": None, "consent_kind": None,
            "consent_text": None, "footnotes": None, "flagged": False, "flag_note": None,
            "has_declarations": False, "declarations": None, "confidence": confidence,
            "evidence": "; ".join(p for p in (row["confidence"], row["source"], row.get("note")) if p),
            "source_url": url,
        })
    return result


def _iso_date(value: str) -> date | None:
    try:
        return datetime.strptime(value.strip(), "%Y-%m-%d").date()
    except ValueError:
        return None


def _day(value: date) -> str:
    return f"{value.day} {value:%b %Y}"


def describe_change(table, kind, row, column, old, new) -> str:
    name = row.get("participant") or row.get("treaty")
    if table == "treaty_records":
        return f"UNTC record: {column} {old} -> {new}"
    if kind == "added":
        when = row.get("signature_date")
        return f"{name} signed the Convention" + (f" on {_day(when)}" if when else "")
    if kind == "removed":
        return f"{name} is no longer listed among the participants"
    if column == "consent_date" and new:
        return f"{name} deposited its instrument of {row.get('consent_kind') or 'ratification'} on {_day(new)}"
    if column == "has_declarations" and new:
        return f"{name} made declarations or reservations"
    if column == "signature_date" and new:
        return f"{name} signed the Convention on {_day(new)}"
    return f"{name}: {column} changed from {old} to {new}"
