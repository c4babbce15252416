"""Human-rights incidents: internet shutdowns, NGO-reported and analyst-recorded abuses, by country."""
from datetime import date

import streamlit as st

from treaty_monitor import charts, incident_queries as iq, queries, ui
from treaty_monitor.incident_vocab import CATEGORIES, STREAMS, TARGET_GROUPS, VERIFICATION

ui.page("Incidents", "Cybercrime powers used against journalists, activists, minorities and ordinary users: "
        "internet shutdowns (Access Now STOP), NGO reports and analysts' own records. Headline numbers count "
        "confirmed and reported incidents; leads from NGO feeds are shown only when asked for, marked as leads.")

SOURCES = ["keepiton", "ngo_feeds"]
VIEWS = ["Map", "Over time", "Countries", "Table", "Treaty status"]
status = ui.query(queries.treaty_status)
law = ui.query(queries.cyberlaw_status, "Cybercrime")
every_country = ui.query(queries.countries_frame)
NAMES = dict(zip(every_country["iso3"], every_country["name"]))
GROUPS = ["All"] + sorted(g for g in status["un_group"].dropna().unique())
lowest, highest = ui.query(iq.incident_bounds)
lowest = lowest or date(2016, 1, 1)
highest = max(highest or lowest, date.today())

state = ui.UrlState()
state.choice("view", VIEWS, "Map")
state.multi("country", list(NAMES), (), "country")
state.choice("group", GROUPS, "All", "UN regional group")
state.multi("category", list(CATEGORIES), (), "category")
state.multi("target", list(TARGET_GROUPS), (), "target group")
state.multi("verification", list(VERIFICATION), iq.DEFAULT_VERIFICATION, "verification")
state.multi("source", list(STREAMS), (), "source")
state.date_range("dates", lowest, highest, "date range")

with st.container(horizontal=True):
    st.multiselect("Country", list(NAMES), key=state.key("country"), format_func=lambda c: NAMES.get(c, c),
                   placeholder="All countries")
    st.selectbox("UN regional group", GROUPS, key=state.key("group"))
    st.multiselect("Category", list(CATEGORIES), key=state.key("category"), format_func=CATEGORIES.get,
                   placeholder="All categories")
    st.multiselect("Target group", list(TARGET_GROUPS), key=state.key("target"), format_func=TARGET_GROUPS.get,
                   placeholder="All target groups")
with st.container(horizontal=True):
    st.multiselect("Verification", list(VERIFICATION), key=state.key("verification"), format_func=VERIFICATION.get,
                   placeholder="Confirmed and reported", help="Leads are NGO-feed items no analyst has checked yet.")
    st.multiselect("Source", list(STREAMS), key=state.key("source"), format_func=STREAMS.get,
                   placeholder="All sources")
    st.date_input("Date range", key=state.key("dates"), min_value=lowest, max_value=highest, format="YYYY-MM-DD")
view = st.segmented_control("View", VIEWS, key=state.key("view"), required=True) or "Map"
state.publish()
state.show_notes()

picked = st.session_state[state.key("dates")]
start, end = (tuple(picked) + (highest,))[:2] if picked else (lowest, highest)  # a half-picked range ends today
verification = tuple(st.session_state[state.key("verification")]) or iq.DEFAULT_VERIFICATION
frame = ui.query(iq.incidents, tuple(st.session_state[state.key("country")]), st.session_state[state.key("group")],
                 tuple(st.session_state[state.key("category")]), tuple(st.session_state[state.key("target")]),
                 verification, tuple(st.session_state[state.key("source")]), start, end)
numbers = iq.headline(frame)
with st.container(horizontal=True):
    st.metric("Incidents (confirmed + reported)", numbers["incidents"])
    st.metric("Countries", numbers["countries"])
    st.metric("Confirmed by an analyst", numbers["confirmed"])
    st.metric("Reported by a source", numbers["reported"])
    if "lead" in verification:
        st.metric("Leads (not counted)", numbers["leads"])
if "lead" in verification:
    st.info("Leads are shown: NGO-feed items that name a country and match a category, not yet checked by an "
            "analyst. They are marked 'lead', hatched in the charts, and counted in no headline number.",
            icon=":material/help:")
if frame.empty:
    st.info("No incidents match these filters.", icon=":material/filter_alt_off:")

as_of = ui.last_success(SOURCES)
source_line = f"Sources: Access Now STOP, NGO feeds, analyst records; as of {as_of}"
counts = iq.country_counts(frame)

if view == "Map":
    fig = charts.incident_count_map(counts, "Incidents per country (confirmed and reported)", source_line)
    ui.chart(fig, "incident_map", country_links=True, alt="World map; each country is shaded by its number of confirmed and reported "
             "incidents under the filters; countries without any stay blank.")
    ui.download(counts, "incident counts per country", "incidents_by_country.csv", "dl_map", SOURCES)
elif view == "Over time":
    monthly, year_only = iq.monthly_by_category(frame)
    fig = charts.monthly_category_chart(monthly, "Incidents per month, by category", source_line)
    ui.chart(fig, "incident_months", "Stacked bars of incidents per month, one colour per category"
             + ("; leads hatched." if "lead" in verification else "."))
    if year_only:
        st.caption(f"{year_only} incident(s) dated only to the year are not in the monthly bars.")
    ui.download(monthly, "monthly counts by category", "incidents_by_month.csv", "dl_months", SOURCES)
elif view == "Countries":
    top = iq.top_countries(frame)
    fig = charts.top_countries_chart(top, "Countries with most incidents", source_line)
    ui.chart(fig, "incident_top", "Horizontal bars of the countries with most confirmed and reported incidents"
             + ("; grey hatched bars are leads." if "lead" in verification else "."))
    ui.download(top, "top countries", "incidents_top_countries.csv", "dl_top", SOURCES)
elif view == "Table":
    table = iq.table_rows(frame)[iq.TABLE_COLUMNS]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "kind": "incident or lead",
        "start_date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
        "end_date": st.column_config.DateColumn("end", format="YYYY-MM-DD"),
        "date_precision": "date precision",
        "country_page": st.column_config.LinkColumn("country page", display_text="open"),
        "link": st.column_config.LinkColumn("source link"),
        "other_sources": "other sources (as given)", "target_group": "target group", "law_cited": "law cited",
        "source_org": "source organisation",
        "source_url": "record from (as collected)",
    })
    st.caption("Source text is shown as plain text; only http(s) links are clickable. Leads are NGO-feed items "
               "not yet checked by an analyst.")
    ui.download(table.drop(columns=["country_page"]), "incidents shown", "incidents.csv", "dl_table", SOURCES)
else:
    per_country = iq.with_treaty_status(frame, status, law)
    groups = iq.by_status_group(frame, status)
    fig = charts.status_group_chart(groups, "Incidents by the state's treaty status", source_line
                                    + "; UN Treaty Collection")
    ui.chart(fig, "incident_status", "Bars of the confirmed and reported incidents in the states of each treaty "
             "status group (ratified, signed only, reported but unconfirmed, not signed).")
    st.dataframe(groups.drop(columns=["source_url", "retrieved_at"]), hide_index=True, width="stretch",
                 column_config={"treaty_status": "treaty status", "states_with_incidents": "states with incidents",
                                "incidents_per_state": "incidents per state", "leads": "leads (not counted)"})
    ui.download(groups, "incidents by treaty status", "incidents_by_treaty_status.csv", "dl_groups",
                SOURCES + ["untc_status"])
    st.subheader("Per country: incidents beside treaty status and cybercrime law")
    st.dataframe(per_country, hide_index=True, width="stretch", column_config={
        "treaty_status": "treaty status", "cybercrime_law": "cybercrime law (UNCTAD)",
        "source_url": "incident sources",
    })
    ui.download(per_country, "incidents with treaty and law status", "incidents_treaty_law.csv", "dl_status",
                SOURCES + ["untc_status", "unctad_cyberlaw"])

ui.provenance_note(SOURCES + (["untc_status", "unctad_cyberlaw"] if view == "Treaty status" else []))
ui.share(f"Incidents ({view})", key="incidents")
