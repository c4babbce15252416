"""The source registry: one entry per public source.

It drives the CLI (``python -m collectors``), the scheduler, the data-sources page, the methodology
notes and the provenance written into every CSV extract. The code that fetches and parses a source
lives in ``collectors/<id>.py``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta


@dataclass(frozen=True)
class Source:
    id: str
    name: str
    publisher: str
    urls: tuple[str, ...]
    cadence: timedelta
    licence: str
    attribution: str
    method: str
    home_url: str
    tables: tuple[str, ...]
    # "all": every URL is fetched; "first_success": the URLs are alternatives tried in order.
    fetch_mode: str = "all"
    max_bytes: int = 50_000_000
    topics: tuple[str, ...] = field(default=())


DAY = timedelta(days=1)

SOURCES: dict[str, Source] = {}


def register(source: Source) -> Source:
    SOURCES[source.id] = source
    return source


register(Source(
    id="untc_status",
    name="UN Treaty Collection: status of the Convention (MTDSG XVIII-16)",
    publisher="United Nations Treaty Collection",
    urls=(
        "https://treaties.un.org/doc/Publication/MTDSG/Volume%20II/Chapter%20XVIII/XVIII-16.en.xml",
        "https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en",
    ),
    fetch_mode="first_success",
    cadence=DAY,
    licence="Official UN depositary record, public",
    attribution="United Nations Treaty Collection, MTDSG chapter XVIII-16",
    method=(
        "The depositary record of the UN Secretary-General: the XML view first, the HTML status page as "
        "fallback. One row per participant with its signature and its consent to be bound (ratification, "
        "acceptance (A), approval (AA), accession (a), succession (d), formal confirmation (c)). Bracketed "
        "or struck entries are kept and flagged. Entry into force follows art. 65(1): the 90th day after the "
        "40th instrument, not counting the European Union's. The bundled snapshot compiles the UNTC copy "
        "with the Dutch treaty database and press reports; each row keeps its source and confidence."
    ),
    home_url="https://treaties.un.org/Pages/ViewDetails.aspx?src=TREATY&mtdsg_no=XVIII-16&chapter=18&clang=_en",
    tables=("treaty_participants", "treaty_records"),
    topics=("treaty",),
))

register(Source(
    id="unctad_cyberlaw",
    name="UNCTAD Global Cyberlaw Tracker",
    publisher="UN Trade and Development (UNCTAD)",
    urls=(
        "https://storage.unctad.org/2026-cyberlaw_tracker/assets/data/data.csv",
        "https://storage.unctad.org/2026-cyberlaw_tracker/assets/data/document_links.json",
    ),
    cadence=timedelta(days=30),
    licence="May be freely quoted and used with appropriate acknowledgement",
    attribution="UNCTAD Global Cyberlaw Tracker (unctad.org/page/cybercrime-legislation-worldwide)",
    method=(
        "Per UNCTAD member state (keyed by UN M49 code), whether it has adopted legislation, a draft, no "
        "legislation, or no data, in five areas: e-transactions, consumer protection, privacy and data "
        "protection, cybercrime and indirect taxation; with the titles and links of the laws."
    ),
    home_url="https://unctad.org/page/cybercrime-legislation-worldwide",
    tables=("cyberlaw_status", "cyberlaw_documents"),
    topics=("law",),
))
