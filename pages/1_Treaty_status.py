"""Treaty status: map, table, signatures over time, and domestic cybercrime law."""
import streamlit as st

from treaty_monitor import charts, queries, treaty, ui, views

ui.page("Treaty status", "Signatures and ratifications of the UN Convention against Cybercrime, by state, "
        "with each state's cybercrime legislation.")

VIEWS = ["Map", "Table", "Over time", "Domestic law"]
status = ui.query(queries.treaty_status)
law = ui.query(queries.cyberlaw_status, "Cybercrime")
GROUPS = ["All"] + sorted(g for g in status["un_group"].dropna().unique())
REGIONS = ["All"] + sorted(r for r in status["region"].dropna().unique())
STATUSES = list(treaty.STATUS_ORDER)

state = ui.UrlState()
state.choice("view", VIEWS, "Map")
state.choice("group", GROUPS, "All", "UN regional group")
state.choice("region", REGIONS, "All", "region")
state.multi("status", STATUSES, (), "status")

with st.container(horizontal=True):
    st.selectbox("UN regional group", GROUPS, key=state.key("group"))
    st.selectbox("M49 region", REGIONS, key=state.key("region"))
    st.multiselect("Status", STATUSES, key=state.key("status"), placeholder="All statuses")
view = st.segmented_control("View", VIEWS, key=state.key("view"), required=True) or "Map"
state.publish()
state.show_notes()

chosen = views.filter_states(status, st.session_state[state.key("group")], st.session_state[state.key("region")])
if st.session_state[state.key("status")]:
    chosen = chosen[chosen["status"].isin(st.session_state[state.key("status")])]
states = views.states_only(chosen)
source_line = f"Source: UN Treaty Collection (MTDSG XVIII-16); as of {ui.last_success(['untc_status'])}"
st.caption(f"{len(states)} states shown · " + " · ".join(
    f"{s}: {(states['status'] == s).sum()}" for s in treaty.STATUS_ORDER))

if view == "Map":
    fig = charts.category_map(states, "status", charts.STATUS_COLOURS, "Treaty status by state", source_line,
                              hover=["signature_date", "consent_date", "consent_kind"])
    ui.chart(fig, "status_map", "Map of the states shown, coloured by treaty status; hover for dates.", country_links=True)
    eu = chosen[chosen["iso3"] == treaty.EU]
    if not eu.empty:
        st.caption(f"European Union (not a country, not on the map): {eu.iloc[0]['status']}.")
    ui.download(states[views.TREATY_TABLE_COLUMNS], "states on the map", "treaty_status_map.csv", "dl_map",
                ["untc_status"])
elif view == "Table":
    table = chosen[views.TREATY_TABLE_COLUMNS]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "source_url": st.column_config.LinkColumn("source"),
        "signature_date": st.column_config.DateColumn("signed", format="YYYY-MM-DD"),
        "consent_date": st.column_config.DateColumn("consent to be bound", format="YYYY-MM-DD"),
        "signature_text": "signature (as written)", "has_declarations": "declarations?",
    })
    st.caption("A blank date means the date was not seen in any source, not that there was no act. "
               "Rows with confidence 'press' are named by news reports; 'unconfirmed' rows are not counted.")
    ui.download(table, "treaty status", "treaty_status.csv", "dl_table", ["untc_status"])
elif view == "Over time":
    participants = chosen[chosen["participant"].notna() & (chosen["confidence"] != "unconfirmed")]
    fig = charts.cumulative_chart(participants, "Signatures and ratifications over time", source_line)
    ui.chart(fig, "cumulative", "Step lines of the cumulative number of signatures and of counted instruments "
             "of ratification, with a dashed line at the 40 instruments needed.")
    timeline = participants[["country", "iso3", "signature_date", "consent_date", "consent_kind", "confidence",
                             "source_url", "retrieved_at"]].sort_values("signature_date")
    ui.download(timeline, "dates behind the chart", "treaty_timeline.csv", "dl_time", ["untc_status"])
else:
    joined = states.merge(law[["iso3", "status"]].rename(columns={"status": "law_status"}), on="iso3", how="left")
    joined["law_status"] = joined["law_status"].fillna("No Data")
    fig = charts.category_map(joined, "law_status", charts.LAW_COLOURS, "Cybercrime legislation (UNCTAD)",
                              "Source: UNCTAD Global Cyberlaw Tracker; as of "
                              f"{ui.last_success(['unctad_cyberlaw'])}", hover=["status"])
    ui.chart(fig, "law_map", "Map of the states shown, coloured by whether they have cybercrime legislation, "
             "a draft, none, or no data.", country_links=True)
    st.subheader("Treaty status by cybercrime-law status")
    crosstab = views.law_crosstab(chosen, law)
    st.dataframe(crosstab, width="stretch")
    ui.download(crosstab.reset_index(), "treaty status by law status", "treaty_by_law.csv", "dl_crosstab",
                ["untc_status", "unctad_cyberlaw"])
    ui.download(joined[["country", "iso3", "status", "law_status", "source_url", "retrieved_at"]],
                "states with law status", "treaty_and_law.csv", "dl_law", ["untc_status", "unctad_cyberlaw"])

ui.provenance_note(["untc_status", "unctad_cyberlaw"])
ui.share(f"Treaty status ({view})", key="treaty_status")
