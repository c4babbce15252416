"""Compare two to four countries side by side: each value with its date, missing shown as missing."""
import streamlit as st

from treaty_monitor import countries, profile, ui

ui.page("Compare countries", "Two to four countries side by side: treaty status, domestic law, incidents, "
        "UN votes and participation, data requests. Each value with its date; missing is shown as missing.")

ALL = countries.countries()
CODES = [c for c, row in ALL.items() if row.kind in ("member_state", "observer_state", "territory")]
state = ui.UrlState()
state.multi("countries", CODES, (), "countries")
if len(st.session_state[state.key("countries")]) > 4:
    state.notes.append("The link names more than four countries; the first four are compared.")
    st.session_state[state.key("countries")] = st.session_state[state.key("countries")][:4]
st.multiselect("Countries (two to four)", CODES, key=state.key("countries"), max_selections=4,
               format_func=lambda c: f"{ALL[c].name} ({c})", placeholder="Choose countries")
state.publish()
state.show_notes()
chosen = tuple(st.session_state[state.key("countries")])
if len(chosen) < 2:
    st.info("Choose at least two countries, or open a link such as `?countries=BRA,IND,ZAF`.")
    st.stop()

table = ui.query(profile.comparison, chosen)
st.dataframe(table.rename(columns={c: f"{ALL[c].name}" for c in chosen}), hide_index=True, width="stretch",
             column_config={"source_url": st.column_config.TextColumn("sources")})
st.caption("'missing' means no source in the monitor gives the value; it is not zero or 'no'. Data-request "
           "figures are each provider's own count for its latest half-year: providers count differently.")
ui.page_links([(f"{ALL[iso3].name} profile", "Country", {"country": iso3}) for iso3 in chosen])
ui.download(table, "comparison", "comparison.csv", "dl_compare",
            ["untc_status", "unctad_cyberlaw", "keepiton", "ga_votes", "undl_documents", "unodc_ahc"])
ui.share("Compare countries", key="compare")
