"""Country profile: treaty status, domestic law, incidents, UN participation and data requests of one country."""
from datetime import date

import pandas as pd
import streamlit as st

from treaty_monitor import charts, countries, incident_queries, profile, ui

ui.page("Country profile", "One country's whole picture: treaty status, domestic law, incidents, UN "
        "participation and government data requests, each with its source and date.")

ALL = countries.countries()
PROFILE_SOURCES = ["untc_status", "unctad_cyberlaw", "keepiton", "ngo_feeds", "undl_documents", "ga_votes",
                   "unodc_ahc"]
CODES = [c for c, row in ALL.items() if row.kind != "regional_organization" or c == "EUU"]
lowest, highest = ui.query(incident_queries.incident_bounds)
lowest, highest = lowest or date(2016, 1, 1), max(highest or date.today(), date.today())

state = ui.UrlState()
state.choice("country", CODES, "", "country")
state.date_range("dates", lowest, highest, "period")
st.selectbox("Find a country", [""] + CODES, key=state.key("country"),
             format_func=lambda c: "Type a country name…" if not c else f"{ALL[c].name} ({c})")
state.publish()
state.show_notes()
iso3 = st.session_state[state.key("country")]
if not iso3:
    st.info("Choose a country above, click one on any map, or open a link such as `?country=EGY`.")
    st.stop()

country = ALL[iso3]
st.header(country.name)
st.caption(" · ".join(p for p in (country.formal_name if country.formal_name != country.name else "",
                                  country.un_group and f"UN group: {country.un_group}",
                                  country.subregion or country.region, country.un_group_note) if p))
start, end = st.slider("Period (incidents)", lowest, highest, key=state.key("dates"), format="YYYY-MM-DD")
period = f"{start}..{end}"
ui.page_links([
    ("Incidents page", "Incidents", {"country": iso3, "dates": period, "view": "Table"}),
    ("UN documents", "UN_sessions", {"view": "Documents", "country": iso3}),
    ("Data requests", "Data_requests", {"mode": "Country", "country": iso3}),
    ("Compare with others", "Compare", {"countries": iso3}),
])

tables: dict[str, pd.DataFrame] = {}

st.subheader("Treaty status")
row = ui.query(profile.treaty_row, iso3)
if row is None:
    st.write("Not a participant in the UN Treaty Collection record (territories cannot sign).")
else:
    a, b, c = st.columns(3)
    a.metric("Status", row["status"])
    text = row["signature_text"] if isinstance(row["signature_text"], str) else None
    signed = row["signature_date"] if pd.notna(row["signature_date"]) else text
    b.metric("Signed", str(signed) if signed else "—", help="Blank: not signed, or date not seen in any source")
    consent = row["consent_date"] if pd.notna(row["consent_date"]) else None
    c.metric("Consent to be bound", f"{consent} ({row['consent_kind']})" if consent else "—")
    if row.get("has_declarations") and isinstance(row.get("declarations"), str):
        with st.expander("Declarations and reservations"):
            st.text(row["declarations"])
    notes = [f"footnotes {row['footnotes']}" if isinstance(row.get("footnotes"), str) else "",
             row["flag_note"] if isinstance(row.get("flag_note"), str) else "",
             f"confidence: {row['confidence']}" if isinstance(row.get("confidence"), str) else ""]
    st.caption(" · ".join(n for n in notes if n))
    tables["treaty status"] = pd.DataFrame([row])
ui.provenance_note(["untc_status"])

st.subheader("Domestic law")
law_status, documents = ui.query(profile.law, iso3)
if law_status.empty:
    st.write("UNCTAD's Global Cyberlaw Tracker does not cover this country: missing, not 'no law'.")
else:
    st.dataframe(law_status[["area", "status"]], hide_index=True)
    if not documents.empty:
        st.dataframe(documents[["area", "title", "url"]], hide_index=True, width="stretch",
                     column_config={"url": st.column_config.LinkColumn("link")})
    tables["law status"], tables["law documents"] = law_status, documents
ui.provenance_note(["unctad_cyberlaw"])

st.subheader("Incidents")
found = ui.query(profile.incidents, iso3, start, end)
if found.empty:
    st.write("No confirmed or reported incident recorded in this period. The monitor's coverage is partial: "
             "absence here is not evidence of absence.")
else:
    fig = charts.incident_timeline(found, f"Incidents in {country.name} by category",
                                   "Sources: Access Now #KeepItOn, analysts' records, confirmed NGO leads")
    ui.chart(fig, "country_incidents", f"Dots on a time axis, one per incident in {country.name}, one row per category.")
    shown = found[["start_date", "category", "target_group", "summary", "source_org", "source_urls", "verification",
                   "source_url", "retrieved_at"]]
    st.dataframe(shown, hide_index=True, width="stretch")
    tables["incidents"] = shown
ui.provenance_note(["keepiton", "ngo_feeds"])

st.subheader("UN participation")
participation = ui.query(profile.un_participation, iso3)
voted = ui.query(profile.votes, iso3)
left, right = st.columns(2)
with left:
    st.caption("Submissions, statements and sponsorships")
    if participation.empty:
        st.write("None recorded in the monitor's sources.")
    else:
        st.dataframe(participation[["kind", "session_key", "symbol", "title"]], hide_index=True)
        tables["UN participation"] = participation
with right:
    st.caption("Recorded General Assembly votes")
    if voted.empty:
        st.write("No recorded vote in the monitor's sources.")
    else:
        st.dataframe(voted[["resolution", "vote_label", "date"]], hide_index=True)
        tables["votes"] = voted
ui.provenance_note(["undl_documents", "ga_votes", "unodc_ahc"])

st.subheader("Government requests for user data")
requests = ui.query(profile.data_requests, iso3)
if requests.empty:
    st.write("No provider reports figures for this country in the monitor's data.")
else:
    latest = requests.sort_values("period_end").groupby(["provider", "type_name"], as_index=False).last()
    st.dataframe(latest[["provider", "type_name", "period_end", "requests_shown", "accounts_shown", "disclosed_pct"]],
                 hide_index=True, width="stretch", column_config={
                     "type_name": "request type", "period_end": "half-year ending",
                     "requests_shown": "requests", "accounts_shown": "accounts", "disclosed_pct": "% disclosed"})
    st.caption("Latest half-year per provider and type. Providers count differently; never add them up.")
    tables["data requests"] = requests
for label, frame in tables.items():
    ui.download(frame, label, f"{iso3}_{label.replace(' ', '_')}.csv", f"dl_{label}", PROFILE_SOURCES)
ui.share(f"Country profile: {country.name}", key=f"profile_{iso3}")
