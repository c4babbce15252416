"""Data sources: freshness, licences, attribution and method notes, generated from the source registry."""
import streamlit as st

from treaty_monitor import queries, ui
from treaty_monitor.sources import SOURCES

ui.page("Data sources", "Where every number comes from: each source's last update, next scheduled run, "
        "record counts, licence, attribution and method.")

table = ui.freshness_rows(list(SOURCES))
counts = ui.query(queries.record_counts)
state = ui.UrlState()
state.choice("source", ["All"] + list(SOURCES), "All", "source")
st.selectbox("Source", ["All"] + list(SOURCES), key=state.key("source"),
             format_func=lambda s: "All sources" if s == "All" else SOURCES[s].name)
state.publish()
state.show_notes()
chosen = st.session_state[state.key("source")]

stale = table[table["stale"] & ~table["snapshot_only"]]
if not stale.empty:
    st.warning("Older than twice their update cadence: " + ", ".join(stale["name"]), icon=":material/history:")

overview = table.merge(counts.groupby("source_id", as_index=False)["rows"].sum(), on="source_id", how="left")
shown = overview if chosen == "All" else overview[overview["source_id"] == chosen]
columns = ["source_id", "name", "last_success", "last_attempt", "last_status", "last_error", "next_run",
           "stale", "snapshot_only", "rows", "cadence_days", "licence", "attribution", "home_url"]
st.dataframe(shown[columns], hide_index=True, width="stretch", column_config={
    "home_url": st.column_config.LinkColumn("home page"),
    "last_success": st.column_config.DatetimeColumn("last success", format="YYYY-MM-DD HH:mm"),
    "last_attempt": st.column_config.DatetimeColumn("last attempt", format="YYYY-MM-DD HH:mm"),
    "next_run": st.column_config.DatetimeColumn("next scheduled run", format="YYYY-MM-DD HH:mm"),
    "snapshot_only": "bundled snapshot only", "cadence_days": "cadence (days)",
})
ui.download(shown[columns].rename(columns={"home_url": "source_url", "last_success": "retrieved_at"}),
            "sources", "data_sources.csv", "dl_sources")

for source_id in (list(SOURCES) if chosen == "All" else [chosen]):
    source = SOURCES[source_id]
    row = table[table["source_id"] == source_id].iloc[0]
    with st.expander(source.name, expanded=chosen != "All"):
        st.markdown(f"**Publisher:** {source.publisher}  \n**Licence:** {source.licence}  \n"
                    f"**Attribution:** {source.attribution}  \n**Update cadence:** every "
                    f"{source.cadence.days} days")
        st.write(source.method)
        st.markdown("**Fetched from:**\n" + "\n".join(f"- `{url}`" for url in source.urls))
        per_table = counts[counts["source_id"] == source_id]
        st.dataframe(per_table[["table", "rows"]], hide_index=True)
        if row["last_status"] == "failed":
            st.error(f"Last attempt failed: {row['last_error']}")
        if row["snapshot_only"]:
            st.info("Shown from the bundled snapshot: no collector run has succeeded yet on this installation.")
st.caption("Change feeds (Atom): [all changes](app/static/feeds/all.xml), or one per country at "
           "`app/static/feeds/<ISO3>.xml`.")
ui.share("Data sources", key="data_sources")
