"""Review: leads from NGO feeds to confirm, reject or correct, and the import of analysts' files (login required).

Nothing below ``auth.require_reviewer`` runs without a login: no queue, no buttons, no upload. The page reads
no URL parameter, so a crafted link cannot reach a write path.
"""
import streamlit as st

from collectors.incident_import import REQUIRED_COLUMNS, OPTIONAL_COLUMNS, template_csv
from treaty_monitor import auth, countries, review, ui
from treaty_monitor.incident_vocab import CATEGORIES, TARGET_GROUPS

ui.page("Review", "Analysts confirm, reject or correct the leads found in NGO feeds, and import their own "
        "incident files. Login required: the public dashboard is read-only.")
engine = ui.engine()
reviewer = auth.require_reviewer(engine)  # renders the login (or the read-only notice) and stops without one

PAGE_SIZE = 20
COUNTRY_CODES = [c.iso3 for c in countries.countries().values() if c.kind != "regional_organization"]
CATEGORY_KEYS = list(CATEGORIES)
esc = review.escape_markdown

with st.container(horizontal=True, vertical_alignment="center"):
    st.markdown(f":material/person: Logged in as **{esc(reviewer)}**")
    if st.button("Log out", key="logout", icon=":material/logout:"):
        auth.logout()
        st.rerun()

flash = st.session_state.pop("review_flash", None)
with st.container(key="review_flash_area"):  # always present, so the tabs below keep their place and state
    if flash:
        (st.success if flash[0] == "success" else st.error)(flash[1])


def _decide(action, message: str) -> None:
    """Run one decision, keep its outcome for the next run, and reload the queue."""
    try:
        action()
        st.session_state["review_flash"] = ("success", message)
    except review.ReviewError as error:
        st.session_state["review_flash"] = ("error", f"Not saved: {esc(str(error))}")
    st.rerun()


def _lead_card(lead) -> None:
    key = lead.lead_key
    with st.container(border=True, key=f"lead_{key}"):
        st.markdown(f"**{esc(lead.title or '(no title)')}**")
        facts = [esc(lead.organisation or "organisation unknown"),
                 f"{lead.date:%d %b %Y}" if lead.date else "date unknown",
                 f"inferred: {esc(lead.country or '?')}, {esc(CATEGORIES.get(lead.category, lead.category or '?'))}"]
        if lead.target_group:
            facts.append(f"target: {esc(TARGET_GROUPS.get(lead.target_group, lead.target_group))}")
        if lead.report_countries and lead.report_countries != lead.iso3:
            facts.append(f"report names: {esc(lead.report_countries)}")
        if lead.corrected:
            facts.append("corrected by a reviewer")
        st.caption(" · ".join(facts))
        if lead.report_summary:
            st.caption(esc(lead.report_summary))
        with st.container(horizontal=True):
            if lead.url:  # http(s) only (pending_leads drops anything else)
                st.link_button("Open the report", lead.url, icon=":material/open_in_new:")
            if lead.iso3:
                st.link_button(f"{countries.display_name(lead.iso3)}: country page", f"./Country?country={lead.iso3}",
                               icon=":material/flag:")
        with st.form(f"form_{key}", border=False):
            left, right = st.columns(2)
            iso3 = left.selectbox("Country", COUNTRY_CODES, key=f"iso3_{key}",
                                  index=COUNTRY_CODES.index(lead.iso3) if lead.iso3 in COUNTRY_CODES else None,
                                  format_func=countries.display_name)
            category = right.selectbox("Category", CATEGORY_KEYS, key=f"category_{key}",
                                       index=CATEGORY_KEYS.index(lead.category) if lead.category in CATEGORY_KEYS else None,
                                       format_func=CATEGORIES.get)
            with st.container(horizontal=True):
                confirm = st.form_submit_button("Confirm as incident", type="primary", icon=":material/check:",
                                                key=f"confirm_{key}")
                correct = st.form_submit_button("Save correction", icon=":material/edit:", key=f"correct_{key}")
                reject = st.form_submit_button("Reject", icon=":material/close:", key=f"reject_{key}")
    label = esc(lead.title or key)
    if confirm:
        fixes = {name: value for name, value, old in (("iso3", iso3, lead.iso3), ("category", category, lead.category))
                 if value is not None and value != old}
        _decide(lambda: review.confirm_lead(engine, key, reviewer, fixes),
                f"Confirmed: {label} ({countries.display_name(iso3 or lead.iso3)}). It is now a confirmed incident.")
    elif correct:
        def save_correction():
            if not review.correct_lead(engine, key, reviewer, iso3=iso3, category=category):
                raise review.ReviewError("nothing changed: pick another country or category first")
        _decide(save_correction, f"Corrected: {label}. The lead stays in the queue.")
    elif reject:
        _decide(lambda: review.reject_lead(engine, key, reviewer), f"Rejected: {label}.")


pending = review.pending_leads(engine)
queue_tab, import_tab, log_tab = st.tabs(["Review queue", "Import an analyst file", "Decision log"], key="review_tab")

with queue_tab:
    st.markdown(f"**{len(pending)} lead{'s' if len(pending) != 1 else ''} waiting for review.**")
    st.caption("Leads are NGO reports that name a country and match an incident category. A lead is not an "
               "incident until you confirm it; correct the country or category first if the inference is wrong. "
               "Every decision is recorded with your name and the time.")
    if pending.empty:
        st.info("No leads are waiting for review.", icon=":material/inbox:")
    else:
        pages = (len(pending) - 1) // PAGE_SIZE + 1
        page_no = 1
        if pages > 1:
            page_no = st.selectbox("Page", range(1, pages + 1), key="queue_page",
                                   format_func=lambda p: f"{p} of {pages}")
        chunk = pending.iloc[(page_no - 1) * PAGE_SIZE: page_no * PAGE_SIZE]
        st.caption(f"Showing leads {(page_no - 1) * PAGE_SIZE + 1}–{(page_no - 1) * PAGE_SIZE + len(chunk)} "
                   f"of {len(pending)}, newest first.")
        for lead in chunk.itertuples():
            _lead_card(lead)

with import_tab:
    st.markdown(f"Upload a CSV or XLSX with the columns **{', '.join(REQUIRED_COLUMNS)}** and optionally "
                f"{', '.join(OPTIONAL_COLUMNS)}. The whole file is checked first: if any line has an error, "
                "nothing is imported. Importing the same file again adds nothing.")
    st.download_button("Download the template (CSV)", template_csv(), file_name="incidents_template.csv",
                       mime="text/csv", key="dl_template", icon=":material/download:")
    upload = st.file_uploader("Analyst file (CSV or XLSX)", type=["csv", "xlsx"], key="upload")
    if upload is not None:
        check = review.check_upload(upload.getvalue(), upload.name)
        if check.errors:
            st.error(f"{esc(check.filename)}: {len(check.errors)} problem{'s' if len(check.errors) != 1 else ''}; "
                     "nothing was imported. Fix the file and upload it again.", icon=":material/error:")
            st.dataframe({"problem": check.errors}, hide_index=True, width="stretch", key="upload_errors")
        else:
            st.success(f"{esc(check.filename)}: {len(check.rows)} valid incident line"
                       f"{'s' if len(check.rows) != 1 else ''}.", icon=":material/task_alt:")
            st.dataframe(check.preview(), hide_index=True, width="stretch", key="upload_preview")
            if st.button(f"Import {len(check.rows)} incident{'s' if len(check.rows) != 1 else ''}", type="primary",
                         key="import", icon=":material/upload:"):
                try:
                    counts = review.import_upload(engine, check, reviewer)
                except (review.ReviewError, RuntimeError) as error:
                    st.error(f"Not imported: {esc(str(error))}")
                else:
                    st.success(f"Imported {esc(check.filename)}: {counts.new} new, {counts.changed} updated, "
                               f"{counts.unchanged} already stored.", icon=":material/done_all:")

with log_tab:
    log = review.decisions(engine, limit=500)
    if log.empty:
        st.info("No decisions yet.", icon=":material/history:")
    else:
        shown = log.drop(columns=["changes"])
        st.dataframe(shown, hide_index=True, width="stretch", key="decision_log", column_config={
            "decided_at": st.column_config.DatetimeColumn("when (UTC)", format="YYYY-MM-DD HH:mm"),
            "decided_by": "who", "what_changed": "what changed", "title": "report",
        })
        ui.download(log, "decision log", "review_decisions.csv", "dl_decisions")
