"""Link previews: the title and description a chat app shows when a dashboard link is pasted.

Chat apps read the HTML of the first response and run no script, so Streamlit's page title (set by
JavaScript) never reaches them. ``serve.py`` runs the dashboard behind ``PreviewMiddleware``, which
writes a page-specific <title>, description and Open Graph tags into that HTML.
"""
from __future__ import annotations

import html
import re
from urllib.parse import parse_qs

from . import countries

SITE = "Cybercrime Treaty Monitor"
PAGES = {
    "": ("Overview", "Who has signed and ratified the UN Convention against Cybercrime, how far it is from the "
                     "40 ratifications it needs, and what changed lately."),
    "treaty_status": ("Treaty status", "Signatures, ratifications and declarations by state, with each state's "
                                       "cybercrime legislation. Map, table and CSV."),
    "un_sessions": ("UN sessions", "Ad Hoc Committee sessions, documents, stakeholders and recorded General "
                                   "Assembly votes behind the Convention, by country."),
    "incidents": ("Human-rights incidents", "Internet shutdowns, arrests, prosecutions and other uses of cybercrime "
                                            "powers against journalists, activists and users, by country."),
    "data_requests": ("Government data requests", "How often each government asks service providers for users' "
                                                  "data and content removal, next to its treaty status."),
    "country": ("Country profile", "Treaty status, domestic law, incidents, UN participation and data requests "
                                   "of one country, with sources and dates."),
    "compare": ("Compare countries", "Two to four countries side by side: treaty status, law, incidents, votes."),
    "data_sources": ("Data sources", "Every source the monitor uses: freshness, licence, attribution and method."),
    "review": ("Review", "Analyst review of incident leads (login required)."),
}


def preview_for(path: str, query: str = "") -> tuple[str, str]:
    """(title, description) for a request path such as ``/Country`` with query ``country=DEU``."""
    slug = path.strip("/").split("/")[-1].lower() if path.strip("/") else ""
    title, description = PAGES.get(slug, PAGES[""])
    iso3 = (parse_qs(query).get("country") or [""])[0].upper()
    if slug == "country" and countries.get(iso3):
        name = countries.display_name(iso3)
        title, description = f"{name}: country profile", f"{name} and the UN Convention against Cybercrime: " + description[0].lower() + description[1:]
    return f"{title} · {SITE}", description


def rewrite(document: str, title: str, description: str) -> str:
    """Replace the <title> and add description and Open Graph / Twitter card tags (escaped)."""
    t, d = html.escape(title, quote=True), html.escape(description, quote=True)
    tags = (f'<title>{t}</title>\n<meta name="description" content="{d}" />\n'
            f'<meta property="og:title" content="{t}" />\n<meta property="og:description" content="{d}" />\n'
            f'<meta property="og:type" content="website" />\n<meta property="og:site_name" content="{SITE}" />\n'
            f'<meta name="twitter:card" content="summary" />')
    return re.sub(r"<title>.*?</title>", lambda _: tags, document, count=1, flags=re.S)
