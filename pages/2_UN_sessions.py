"""UN sessions: the meetings that made and carry on the Convention, their documents, who took part, the votes."""
import streamlit as st

from treaty_monitor import charts, countries, queries, ui, un_queries as unq

ui.page("UN sessions", "The Ad Hoc Committee sessions (2021-2024), the General Assembly votes that started and "
        "ended the process, and the meetings since: documents, participation of states and stakeholders, votes.")

VIEWS = ["Timeline", "Documents", "Participation", "Votes"]
SOURCES = {"Timeline": ["unodc_ahc", "ga_votes", "undl_documents"], "Documents": ["undl_documents", "unodc_ahc"],
           "Participation": ["undl_documents", "unodc_ahc"], "Votes": ["ga_votes"]}
ALL, CHOSEN = "All", "Chosen states"
DEFAULT_STATES = ["BRA", "CHN", "FRA", "GBR", "IND", "NGA", "RUS", "USA", "ZAF"]

timeline = ui.query(unq.timeline)
docs = ui.query(unq.documents)
resolutions = ui.query(unq.resolutions)
country_table = ui.query(queries.countries_frame)
states_table = country_table[country_table["kind"].isin(queries.STATE_KINDS)]

SESSION_NAMES = dict(zip(timeline["session_key"], timeline["name"]))
SESSIONS = [ALL] + list(dict.fromkeys([*timeline["session_key"], *timeline["documents_key"],
                                        *docs["session_key"].dropna()]))
BODIES = [ALL] + sorted(set(docs["body"].dropna()) | {unq.AHC_BODY, "General Assembly", "Third Committee"})
TYPES = [ALL] + sorted(set(docs["doc_type"].dropna()) | set(unq.CATEGORY_TYPES.values())
                       | {"resolution", "draft resolution", "report", "note", "agenda", "amendment"})
COUNTRIES = [ALL] + sorted(states_table["iso3"], key=countries.display_name)
LANGUAGES = [ALL] + list(unq.LANGUAGES) + sorted(
    c[5:] for c in docs.columns if c.startswith("file_") and c[5:] not in unq.LANGUAGES)
RESOLUTIONS = list(resolutions["resolution"]) or ["A/RES/74/247"]
DEFAULT_RESOLUTION = "A/RES/74/247" if "A/RES/74/247" in RESOLUTIONS else RESOLUTIONS[0]
GROUPS = [CHOSEN] + sorted(states_table["un_group"].dropna().unique())
STATE_CODES = sorted(states_table["iso3"], key=countries.display_name)


def session_label(key: str) -> str:
    return "All sessions" if key == ALL else unq.session_label(key, SESSION_NAMES)


def country_label(iso3: str) -> str:
    return "All countries" if iso3 == ALL else f"{countries.display_name(iso3)} ({iso3})"


def resolution_label(symbol: str) -> str:
    row = resolutions[resolutions["resolution"] == symbol]
    title = row["title"].iloc[0] if len(row) and isinstance(row["title"].iloc[0], str) else ""
    return f"{symbol}: {title[:80]}" if title else symbol


# A group given as a list of ISO3 codes (group=RUS,CHN) is the "chosen states" list.
raw_group = st.query_params.get("group")
if raw_group and "states" not in st.query_params and all(
        p.strip().upper() in STATE_CODES for p in raw_group.split(",") if p.strip()) and raw_group.strip(", "):
    st.query_params["states"] = raw_group
    st.query_params["group"] = CHOSEN

state = ui.UrlState()
state.choice("view", VIEWS, "Timeline")
state.choice("body", BODIES, ALL, "body")
state.choice("session", SESSIONS, ALL, "session")
state.choice("type", TYPES, ALL, "document type")
state.choice("country", COUNTRIES, ALL, "author country")
state.choice("lang", LANGUAGES, ALL, "language")
state.choice("resolution", RESOLUTIONS, DEFAULT_RESOLUTION, "resolution")
state.choice("group", GROUPS, CHOSEN, "group of states")
state.multi("states", STATE_CODES, DEFAULT_STATES, "states")
for name in state.defaults:  # keep the filters of the views not shown (Streamlit drops unrendered widgets)
    st.session_state[state.key(name)] = st.session_state[state.key(name)]

view = st.segmented_control("View", VIEWS, key=state.key("view"), required=True) or "Timeline"
state.show_notes()  # here, so a note about any part of the link is seen first; publish() follows the widgets
value = lambda name: st.session_state[state.key(name)]  # noqa: E731
sources = SOURCES[view]
SOURCE_NAMES = {"undl_documents": "UN Digital Library", "unodc_ahc": "UNODC Ad Hoc Committee pages",
                "ga_votes": "UN Digital Library voting data"}
source_line = f"Source: {', '.join(SOURCE_NAMES[s] for s in sources)}; as of {ui.last_success(sources)}"

if view == "Timeline":
    state.publish()
    fig = charts.session_timeline(timeline, "From the first resolution to the meetings after adoption",
                                  "Sources: UNODC Ad Hoc Committee pages, UN Digital Library voting data; as of "
                                  f"{ui.last_success(sources)}")
    ui.chart(fig, "un_timeline", "Timeline bars, one per General Assembly vote, Ad Hoc Committee session, "
             "intersessional consultation, signing and post-adoption meeting, coloured by kind of meeting; "
             "the table below lists the same meetings with links to their documents.")
    table = timeline[["name", "kind", "start_date", "end_date", "venue", "documents", "documents_link", "page_url",
                      "cited_source", "note", "session_key", "source_url", "retrieved_at"]]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "name": "meeting", "start_date": st.column_config.DateColumn("start", format="YYYY-MM-DD"),
        "end_date": st.column_config.DateColumn("end", format="YYYY-MM-DD"),
        "documents": st.column_config.NumberColumn("documents stored"),
        "documents_link": st.column_config.LinkColumn("documents", display_text="open documents"),
        "page_url": st.column_config.LinkColumn("official page"),
        "source_url": st.column_config.LinkColumn("source"),
        "cited_source": "compiled from",
    })
    st.caption("A meeting with 0 documents stored has none collected yet, not none published.")
    ui.download(table, "meetings", "un_sessions_timeline.csv", "dl_timeline", sources)

elif view == "Documents":
    with st.container(horizontal=True):
        st.selectbox("Body", BODIES, key=state.key("body"))
        st.selectbox("Session", SESSIONS, key=state.key("session"), format_func=session_label)
        st.selectbox("Type", TYPES, key=state.key("type"))
        st.selectbox("Author country", COUNTRIES, key=state.key("country"), format_func=country_label)
        st.selectbox("Language", LANGUAGES, key=state.key("lang"))
    state.publish()
    shown = unq.filter_documents(docs, value("body"), value("session"), value("type"), value("country"),
                                 value("lang"))
    st.caption(f"{len(shown)} of {len(docs)} documents"
               + (f" · {session_label(value('session'))}" if value("session") != ALL else ""))
    file_columns = [c for c in shown.columns if c.startswith("file_")]
    shown = shown.assign(session=[session_label(k) if isinstance(k, str) else None for k in shown["session_key"]])
    table = shown[["symbol", "title", "date", "record_url", *file_columns, "link", "doc_type", "body", "session",
                   "authors", "author_iso3", "languages", "source", "session_key", "source_url", "retrieved_at"]]
    if table.empty:
        st.info("No document matches these filters in the stored data. Documents come from the UN Digital "
                "Library and the UNODC pages when their collectors run.", icon=":material/description:")
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "date": st.column_config.DateColumn("date", format="YYYY-MM-DD"),
        "session_key": "session key", "doc_type": "type", "author_iso3": "author countries",
        "authors": "authors / sponsors / submitters",
        "record_url": st.column_config.LinkColumn("library record", display_text="record"),
        **{c: st.column_config.LinkColumn(c[5:], display_text=c[5:]) for c in file_columns},
        "link": st.column_config.LinkColumn("UNODC link", display_text="document"),
        "source_url": st.column_config.LinkColumn("source"),
    })
    ui.download(table, "documents shown", "un_documents.csv", "dl_documents", sources)

elif view == "Participation":
    st.selectbox("Session", SESSIONS, key=state.key("session"), format_func=session_label)
    state.publish()
    session = value("session")
    rows = ui.query(unq.country_participation)
    if session != ALL:
        rows = rows[rows["session_key"] == session]
    by_country = unq.participation_by_country(rows)
    scope = session_label(session) if session != ALL else "all sessions"
    st.subheader("States: submissions, statements and sponsorships")
    if by_country.empty:
        st.info(f"No submission, statement or sponsorship by a state is stored for {scope}.",
                icon=":material/groups:")
    else:
        fig = charts.count_map(by_country, "total", f"Submissions, statements and sponsorships ({scope})",
                               source_line, label="documents")
        ui.chart(fig, "participation_map", country_links=True, alt="World map shading each state by how many documents it submitted, "
                 "delivered as statements or sponsored; states with none stay blank.")
        top = by_country.head(25).melt(id_vars=["country"], value_vars=list(unq.PARTICIPATION_KINDS),
                                       var_name="kind", value_name="documents")
        fig = charts.stacked_ranked_bars(top[top["documents"] > 0], "country", "documents", "kind",
                                         f"Documents submitted, delivered or sponsored: most active states ({scope}, top 25)", source_line,
                                         {"submission": "#0072B2", "statement": "#E69F00",
                                          "sponsorship": "#009E73"})
        ui.chart(fig, "participation_bars", "Horizontal bars ranking the 25 most active states by the number "
                 "of documents, split into submissions, statements and sponsorships.")
    st.dataframe(by_country, hide_index=True, width="stretch", column_config={
        "country_link": st.column_config.LinkColumn("country view", display_text=r"country=([A-Z]{3})"),
        "source_url": st.column_config.LinkColumn("source")})
    ui.download(by_country, "states", "un_participation_states.csv", "dl_participation", sources)
    ui.download(rows, "documents behind the counts", "un_participation_documents.csv", "dl_participation_docs",
                sources)

    st.subheader("Stakeholders per session")
    stakeholders = ui.query(unq.stakeholder_participation)
    if session != ALL:
        stakeholders = stakeholders[stakeholders["session_key"] == session]
    per_session = unq.stakeholders_by_session(stakeholders, SESSION_NAMES)
    if per_session.empty:
        st.info("No list of participating organisations is stored yet: it comes from the UNODC Committee pages "
                "when the unodc_ahc collector runs (the bundled snapshot holds the sessions only).",
                icon=":material/diversity_3:")
    else:
        order = [session_label(k) for k in SESSIONS[1:] if k in set(per_session["session_key"])]
        fig = charts.ordered_bars(per_session, "session", "stakeholders", "category", order,
                                  "Organisations taking part, by category", source_line)
        ui.chart(fig, "stakeholder_bars", "Bars per session, stacked by stakeholder category "
                 "(intergovernmental, ECOSOC-status NGOs, other approved organisations), counting organisations.")
    st.dataframe(per_session, hide_index=True, width="stretch",
                 column_config={"source_url": st.column_config.LinkColumn("source")})
    ui.download(per_session, "stakeholders per session", "un_stakeholders_by_session.csv", "dl_stakeholders",
                ["unodc_ahc"])

else:  # Votes
    with st.container(horizontal=True):
        st.selectbox("Resolution", RESOLUTIONS, key=state.key("resolution"), format_func=resolution_label)
    resolution = value("resolution")
    all_votes = ui.query(unq.votes)
    chosen = all_votes[all_votes["resolution"] == resolution]
    row = resolutions[resolutions["resolution"] == resolution]
    record = row.iloc[0] if len(row) else None

    def stated(column):
        value_ = record[column] if record is not None else None
        return "—" if value_ is None or value_ != value_ else int(value_)  # missing is shown as missing

    metrics = st.columns(5)
    for box, (label, column) in zip(metrics, (("Yes", "yes"), ("No", "no"), ("Abstain", "abstain"),
                                              ("Not voting", "non_voting"), ("Members", "total"))):
        box.metric(label, stated(column), help="The totals the library's record states.")
    if record is not None:
        st.caption(" · ".join(filter(None, [
            f"Adopted {record['date']:%d %B %Y}" if record["date"] == record["date"] and record["date"] else None,
            f"meeting {record['meeting']}" if isinstance(record["meeting"], str) else None,
            f"{len(chosen)} state rows stored"])))
    counted = unq.vote_totals(chosen)
    if len(chosen) and record is not None and any(
            isinstance(stated(c), int) and stated(c) != counted[label]
            for label, c in (("Yes", "yes"), ("No", "no"), ("Abstain", "abstain"), ("Not voting", "non_voting"))):
        st.warning(f"The stored state rows count {counted}, which differs from the record's totals.",
                   icon=":material/error:")
    if chosen.empty:
        st.info("No state-by-state vote is stored for this resolution: only its totals. Votes by state come "
                "from the library's voting records when the ga_votes collector runs.", icon=":material/how_to_vote:")
    else:
        fig = charts.category_map(chosen, "vote_label", charts.VOTE_COLOURS, f"How states voted on {resolution}",
                                  source_line, hover=["vote"])
        ui.chart(fig, "vote_map", country_links=True, alt=f"World map of the recorded vote on {resolution}: yes, no, abstain or not "
                 "voting for each UN member state; states that are not members stay blank.")
    table = chosen[["country", "iso3", "vote_label", "vote", "un_group", "country_name", "country_link",
                    "source_url", "retrieved_at"]]
    st.dataframe(table, hide_index=True, width="stretch", column_config={
        "vote_label": "vote", "vote": "code", "country_name": "name in the record",
        "country_link": st.column_config.LinkColumn("country view", display_text=r"country=([A-Z]{3})"),
        "source_url": st.column_config.LinkColumn("source")})
    ui.download(table, f"votes on {resolution}", f"votes_{resolution.replace('/', '-')}.csv", "dl_votes", sources)

    st.subheader("Compare states across the resolutions")
    with st.container(horizontal=True):
        st.selectbox("Group", GROUPS, key=state.key("group"),
                     help="A UN regional group, or the states you choose.")
        if value("group") == CHOSEN:
            st.multiselect("States", STATE_CODES, key=state.key("states"), format_func=country_label,
                           placeholder="Choose states")
    state.publish()
    group = value("group")
    iso3s = value("states") if group == CHOSEN else list(
        states_table.loc[states_table["un_group"] == group, "iso3"])
    comparison = unq.vote_comparison(all_votes, list(iso3s))
    voted = [r for r in comparison.columns if r.startswith("A/")]
    if not iso3s:
        st.info("Choose states (or a UN regional group) to compare.", icon=":material/checklist:")
    elif voted:
        long = comparison.melt(id_vars=["country"], value_vars=voted, var_name="resolution", value_name="vote")
        fig = charts.category_grid(long, "resolution", "country", "vote", charts.VOTE_COLOURS,
                                   f"Votes of {group if group != CHOSEN else 'the chosen states'}", source_line)
        ui.chart(fig, "vote_grid", "A grid with one row per chosen state and one column per resolution, each "
                 "square coloured by the state's vote; a missing square means no vote is recorded.")
    st.dataframe(comparison, hide_index=True, width="stretch", column_config={
        "country_link": st.column_config.LinkColumn("country view", display_text=r"country=([A-Z]{3})"),
        "source_url": st.column_config.LinkColumn("source")})
    st.caption("A blank cell means no recorded vote is stored for that state, not that it did not vote.")
    ui.download(comparison, "comparison", "votes_comparison.csv", "dl_comparison", sources)

ui.provenance_note(sources)
ui.share(f"UN sessions ({view})", key="un_sessions")
