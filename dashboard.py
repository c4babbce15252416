"""Overview: who signed and ratified the UN Convention against Cybercrime, and how far it is from force."""
import streamlit as st

from treaty_monitor import charts, queries, treaty, ui, views

ui.page("Cybercrime Treaty Monitor",
        "Tracking the UN Convention against Cybercrime (GA res. 79/243): signatures, ratifications, "
        "domestic law, UN sessions and reported human-rights incidents.")

status = ui.query(queries.treaty_status)
law = ui.query(queries.cyberlaw_status, "Cybercrime")
counts = views.headline_counts(status)
eif = counts["eif"]

if ui.freshness_rows(["untc_status"])["snapshot_only"].all():
    st.info("These figures come from the bundled snapshot until a collector run replaces them "
            "(`python -m collectors run`).", icon=":material/inventory_2:")

a, b, c, d = st.columns(4)
a.metric("Signatories", counts["signatories"],
         help="States and the European Union that signed; rows reported only by the press are counted when "
              "their names are confirmed, an unconfirmed report is not.")
a.caption(f"incl. the EU; {counts['undated']} with the exact date not yet seen"
          + (f"; {counts['unconfirmed']} more reported, unconfirmed" if counts["unconfirmed"] else ""))
b.metric("Ratifications (of 40 needed)", f"{eif.instruments} / {eif.needed}",
         help="Instruments of ratification, acceptance, approval or accession; the EU's is not counted (art. 65(1)).")
b.caption(f"In force on {eif.date:%d %B %Y}" if eif.date else f"{eif.remaining} more needed for entry into force")
c.metric("Days left to sign", treaty.days_left_for_signature(ui.now().date()),
         help="Open for signature at UN Headquarters until 31 December 2026 (art. 64).")
c.caption("until 31 December 2026")
note = views.record_note(ui.query(queries.treaty_records))
if note:
    st.caption(note)
laws = law[law["status"] == "Legislation"]
d.metric("With cybercrime laws", len(laws), help="Countries with cybercrime legislation: UNCTAD Global Cyberlaw Tracker, cybercrime area.")
d.caption(f"of {law['iso3'].nunique()} covered by UNCTAD")

fig = charts.category_map(views.states_only(status), "status", charts.STATUS_COLOURS,
                          "Status of the UN Convention against Cybercrime",
                          f"Source: UN Treaty Collection (MTDSG XVIII-16); as of {ui.last_success(['untc_status'])}",
                          hover=["signature_date", "consent_date"])
ui.chart(fig, "overview_map", country_links=True, alt="World map colouring each state by treaty status: ratified or equivalent, "
         "signed only, reported but unconfirmed, or not signed. The European Union signed as an organisation "
         "and is not shown on the map.")
ui.download(views.states_only(status)[views.TREATY_TABLE_COLUMNS], "treaty status of every state",
            "treaty_status_overview.csv", "dl_overview_map", ["untc_status"])
st.caption("The European Union " + ("signed" if counts["eu_signed"] else "has not signed")
           + " as a regional economic integration organisation; it is not a country and its instrument does not "
           "count towards the 40.")
ui.provenance_note(["untc_status", "unctad_cyberlaw"])

left, right = st.columns([3, 2])
with left:
    st.subheader("Latest changes")
    changes = ui.query(queries.latest_changes, 10)
    if changes.empty:
        st.write("No change detected yet: changes appear here once collectors run against the live sources.")
    else:
        for row in changes.itertuples():
            st.text(f"{row.detected_at:%d %b %Y}: {row.summary}")  # source text: shown as plain text
        ui.download(changes[["detected_at", "summary", "iso3", "source_id", "kind", "field", "old_value",
                             "new_value"]], "latest changes", "latest_changes.csv", "dl_changes",
                    list(changes["source_id"].unique()))
    st.markdown("[Subscribe to all changes (Atom feed)](app/static/feeds/all.xml) · one feed per country at "
                "`app/static/feeds/<ISO3>.xml`")
with right:
    st.subheader("Sources last updated")
    fresh = ui.freshness_rows(["untc_status", "unctad_cyberlaw"])
    st.dataframe(fresh[["name", "last_success", "snapshot_only", "stale"]], hide_index=True,
                 column_config={"last_success": st.column_config.DatetimeColumn("last success", format="D MMM YYYY"),
                                "snapshot_only": "snapshot", "name": "source"})
    ui.download(fresh.rename(columns={"home_url": "source_url", "last_success": "retrieved_at"}),
                "source freshness", "sources_freshness.csv", "dl_fresh")
ui.share("Overview", key="overview")
