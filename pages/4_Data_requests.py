"""Government requests for user data: what service providers report, by country, beside treaty status."""
import streamlit as st

from treaty_monitor import charts, queries, request_queries as rq, treaty, ui
from treaty_monitor.sources import SOURCES

ui.page("Government requests for user data",
        "How often each government asks service providers for users' data and for content removal, and how "
        "often they comply, as the providers publish it; beside each state's treaty status and incidents.")

MODES = ["Across countries", "Country"]
ACROSS_VIEWS = ["Map and ranking", "By treaty status"]
COUNTRY_VIEWS = ["Requests", "Disclosure", "Removals", "Diplomatic requests"]
STATS = ["Median per country", "Total"]
SOURCE_OF = dict(zip(rq.PROVIDERS, rq.SOURCE_IDS))
COUNTS_DIFFER = ("Providers count differently (requests or accounts, what 'disclosed' means, which request types "
                 "exist, when reporting began), so figures are shown per provider and never added across providers.")

catalog = ui.query(rq.request_catalog)
if catalog.empty:
    st.info("No transparency-report data in this database yet: run `python -m collectors run transparency_google` "
            "(or another provider).", icon=":material/inventory_2:")
    st.stop()

state = ui.UrlState()


providers = [p for p in rq.PROVIDERS if p in set(catalog["provider"])]
providers += sorted(set(catalog["provider"]) - set(providers))
mode = state.choice("mode", MODES, MODES[0])
view = state.dependent_choice("view", ACROSS_VIEWS if mode == MODES[0] else COUNTRY_VIEWS,
                        (ACROSS_VIEWS if mode == MODES[0] else COUNTRY_VIEWS)[0], "view")
provider = state.choice("provider", providers, "Meta" if "Meta" in providers else providers[0], "provider")
of_provider = catalog[catalog["provider"] == provider]
types = list(dict.fromkeys(of_provider.sort_values("countries", ascending=False)["request_type"]))
types = sorted(types, key=lambda t: (t.startswith("us_"), t != "all", t))
request_type = state.dependent_choice("type", types, types[0], "request type")
periods = sorted((str(p) for p in of_provider.loc[of_provider["request_type"] == request_type, "period_end"]),
                 reverse=True)
period = state.dependent_choice("period", periods, periods[0], "half-year")
stat = state.choice("stat", STATS, STATS[0], "statistic")
country_list = ui.query(rq.request_countries)
country_codes = list(country_list["iso3"])
country_names = dict(zip(country_list["iso3"], country_list["country"]))
iso3 = state.choice("country", country_codes, "DEU" if "DEU" in country_codes else country_codes[0], "country")
type_filter = state.multi("types", sorted(set(catalog["type_name"])), (), "request types")

with st.container(horizontal=True):
    st.segmented_control("Compare", MODES, key=state.key("mode"), required=True)
    if st.session_state[state.key("mode")] == MODES[0]:
        st.selectbox("Provider", providers, key=state.key("provider"))
        st.selectbox("Request type", types, key=state.key("type"), format_func=rq.type_name)
        st.selectbox("Half-year", periods, key=state.key("period"),
                     format_func=lambda p: f"{rq.period_label(p)} (to {p})")
    else:
        st.selectbox("Country", country_codes, key=state.key("country"), format_func=lambda c: country_names[c])
        st.multiselect("Request types", sorted(set(catalog["type_name"])), key=state.key("types"),
                       placeholder="All request types")
view_options = ACROSS_VIEWS if st.session_state[state.key("mode")] == MODES[0] else COUNTRY_VIEWS
view = st.segmented_control("View", view_options, key=state.key("view"), required=True) or view_options[0]
if view == "By treaty status" and mode == MODES[0]:
    st.radio("Statistic", STATS, key=state.key("stat"), horizontal=True)
state.publish()
state.show_notes()

mode = st.session_state[state.key("mode")]
status = ui.query(queries.treaty_status)


def source_line(source_ids, extra: str = "") -> str:
    ids = [s for s in source_ids if s in SOURCES]
    reports = [s for s in ids if s in rq.SOURCE_IDS]
    if len(reports) > 1:  # several providers: name them; each table row carries its own source and date
        names = "; ".join(["transparency reports of " + ", ".join(SOURCES[s].publisher for s in reports)]
                          + [SOURCES[s].attribution for s in ids if s not in reports])
        return f"Source: {names}{extra};<br>each row of the table below gives its source URL and retrieval date"
    return f"Source: {'; '.join(SOURCES[s].attribution for s in ids)}{extra}; as of {ui.last_success(ids)}"


def known(source_ids) -> list[str]:
    return [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s in SOURCES]


SHOWN_COLUMNS = {"requests_shown": "requests (as published)", "accounts_shown": "accounts (as published)",
                 "disclosed_pct": st.column_config.NumberColumn("disclosed %", format="%.1f"),
                 "source_url": st.column_config.LinkColumn("source"), "type_name": "request type",
                 "period_end": st.column_config.DateColumn("half-year ends", format="YYYY-MM-DD")}

if mode == MODES[0]:
    sid = SOURCE_OF.get(provider, "")
    label = f"{provider}, {rq.type_name(request_type)}"
    if view == "Map and ranking":
        values = rq.country_values(ui.query(rq.data_requests, provider, request_type, period))
        placed = values[values["iso3"].notna()]
        exact = placed[placed["requests"].notna()]
        fig = charts.count_map(exact.assign(requests=exact["requests"].astype(float)), "requests",
                               f"{label}: requests by country, {rq.period_label(period)}",
                               source_line([sid], f", {rq.period_label(period)}"), label="requests")
        cap = charts.cap_colour_scale(fig, exact["requests"])
        ui.chart(fig, "requests_map", country_links=True, alt=f"World map of the {len(exact)} countries with an exact figure for {label} "
                 f"in {rq.period_label(period)}, darker for more requests; countries without a figure stay blank.")
        notes = [f"{len(exact)} countries with an exact figure"]
        if cap:
            above = exact[exact["requests"] > cap]
            notes.append(f"colour scale capped at {cap:,.0f} (95th percentile), so {len(above)} countries above it "
                         f"share the darkest colour: " + ", ".join(f"{r.country} ({r.requests:,})" for r in above.itertuples()))
        ranged = placed[placed["requests"].isna() & placed["requests_shown"].notna()]
        if len(ranged):
            notes.append(f"{len(ranged)} published only as a range or bound, not coloured: "
                         + ", ".join(f"{r.country} ({r.requests_shown})" for r in ranged.itertuples()))
        unplaced = values[values["iso3"].isna()]
        if len(unplaced):
            notes.append("not countries, not on the map: " + ", ".join(
                f"{r.country} ({r.requests_shown or 'not reported'})" for r in unplaced.itertuples()))
        st.caption(" · ".join(notes) + ". A blank country has no figure from this provider: missing, not zero.")
        top = exact.head(25)
        if not top.empty:
            fig = charts.ranked_bars(top.assign(requests=top["requests"].astype(float)), "country", "requests",
                                     f"{label}: the {len(top)} countries with most requests, "
                                     f"{rq.period_label(period)}", source_line([sid], f", {rq.period_label(period)}"))
            fig.update_layout(height=max(400, 22 * len(top) + 160))
            fig.update_xaxes(title=None)
            ui.chart(fig, "requests_ranking", f"Horizontal bars ranking the {len(top)} countries with most requests "
                     f"({label}) in {rq.period_label(period)}.")
        st.dataframe(values, hide_index=True, width="stretch", column_config=SHOWN_COLUMNS)
        ui.download(values, "countries shown", f"requests_{sid}_{request_type}_{period}.csv", "dl_ranking", [sid])
    else:
        trend = rq.by_treaty_status(ui.query(rq.data_requests, provider, request_type, None), status)
        y = "median_requests" if stat == STATS[0] else "total_requests"
        st.info(COUNTS_DIFFER + " Each country is grouped by its treaty status today, not at the time of the "
                "requests; a reported but unconfirmed signature counts as not signed.", icon=":material/info:")
        if trend.empty:
            st.write("No figures with a country for this provider and request type.")
        else:
            opened = f"Opened for signature, {rq.SIGNATURE_OPENED:%d %b %Y}"
            fig = charts.status_trend(
                trend.assign(**{y: trend[y].astype(float)}), y,
                f"{label}: {stat.lower()} by treaty status", source_line([sid, "untc_status"]) + "<br>"
                "One provider only: providers count differently, so their figures are never summed.",
                "median requests per country" if stat == STATS[0] else "total requests", rq.SIGNATURE_OPENED, opened)
            ui.chart(fig, "status_trend", f"Lines per treaty-status group of the {stat.lower()} of {label} requests "
                     "per half-year, with a dashed vertical line where the Convention opened for signature.")
            last = trend["period_end"].max()
            if last < rq.SIGNATURE_OPENED:
                st.caption(f"{provider}'s figures here end with {rq.period_label(last)}, before the Convention "
                           "opened for signature: there is no 'after' yet to compare.")
            present = set(trend["status"])
            if treaty.RATIFIED not in present:
                st.caption("No state with figures here has ratified yet, so there is no 'ratified' line.")
            st.caption("Median: over the countries with at least one request in that half-year. Total: over the "
                       "countries with an exact figure. Ranges, bounds and unreported figures are left out.")
        st.dataframe(trend, hide_index=True, width="stretch", column_config=SHOWN_COLUMNS)
        ui.download(trend, "by treaty status", f"requests_by_status_{sid}_{request_type}.csv", "dl_status",
                    [sid, "untc_status"])
else:
    requests = ui.query(rq.data_requests, None, None, None, iso3)
    if type_filter:
        requests = requests[requests["type_name"].isin(type_filter)]
    facts = rq.treaty_facts(status, iso3)
    name = country_names.get(iso3, iso3)
    main, side = st.columns([3, 1])
    with side:
        st.metric("Treaty status", facts["status"])
        if facts["signature_date"]:
            st.caption(f"Signed {facts['signature_date']:%d %b %Y}")
        if facts.get("consent_date"):
            st.caption(f"Consent to be bound {facts['consent_date']:%d %b %Y} ({facts.get('consent_kind') or ''})")
        st.caption(source_line(["untc_status"]))
        if rq.has_incidents():
            incidents = ui.query(rq.incidents_by_half_year, iso3)
            st.markdown("**Incidents recorded, per half-year**")
            if incidents.empty:
                st.caption(f"No incidents recorded for {name}.")
            else:
                per_half = incidents.groupby(["period", "period_end"], as_index=False)["incidents"].sum()
                st.dataframe(per_half[["period", "incidents"]], hide_index=True, width="stretch")
                ui.download(incidents, "incidents per half-year", f"incidents_{iso3}.csv", "dl_incidents",
                            known(incidents["source_id"].str.split("; ").explode()))
        else:
            st.caption("Incidents are not part of this database version.")
    with main:
        marker = facts["signature_date"]
        if view == "Requests":
            data = requests[requests["requests"].notna()]
            if data.empty:
                st.write(f"No exact request figures for {name}.")
            else:
                fig = charts.facet_lines(data.assign(requests=data["requests"].astype(float)), "requests", "type_name",
                                         "provider", f"{name}: government requests for user data, by provider "
                                         "and request type", source_line(known(data["source_id"])) + "<br>One "
                                         "panel per provider, each on its own scale: providers count differently "
                                         "and are not compared or summed.", "requests",
                                         hover=["period", "request_type_label"])
                if marker:
                    charts.date_marker(fig, marker, f"{name} signed")
                ui.chart(fig, "country_requests", f"Small multiples of {name}'s request counts per half-year, one "
                         "panel per provider on its own scale and one line per request type.")
            st.caption(COUNTS_DIFFER)
            table = requests.drop(columns=["country_name"])
        elif view == "Disclosure":
            data = requests[requests["disclosed_pct"].notna()]
            if data.empty:
                st.write(f"No disclosure rates for {name}.")
            else:
                fig = charts.facet_lines(data, "disclosed_pct", "type_name", "provider",
                                         f"{name}: share of requests where some data was disclosed",
                                         source_line(known(data["source_id"])), "% of requests",
                                         hover=["period", "requests_shown"], y_range=[0, 105])
                if marker:
                    charts.date_marker(fig, marker, f"{name} signed")
                ui.chart(fig, "country_disclosure", f"Small multiples of the percentage of {name}'s requests where "
                         "the provider disclosed some data, per half-year: one panel per provider, one line per "
                         "request type.")
            st.caption("'Disclosed' is each provider's own measure ('some data produced'); Microsoft's adds content "
                       "and non-content disclosures. A share of zero requests is not a number and is left out.")
            table = requests[requests["disclosed_pct"].notna()].drop(columns=["country_name"])
        elif view == "Removals":
            removals = ui.query(rq.removal_requests, iso3)
            by_reason = rq.removals_by_reason(removals)
            if by_reason.empty:
                st.write(f"No content-removal requests with a reason for {name}.")
            else:
                fig = charts.period_bars(by_reason.assign(requests=by_reason["requests"].astype(float)), "requests",
                                         "reason", f"{name}: government content-removal requests by reason",
                                         source_line(known(by_reason["source_id"])), "requests", facet="provider",
                                         hover=["period", "products"])
                fig.update_layout(height=380 + 180 * (by_reason["provider"].nunique() - 1))
                ui.chart(fig, "country_removals", f"Stacked bars of {name}'s content-removal requests per half-year "
                         "by reason, one panel per provider.")
                st.caption("Google counts a request under each product and reason it names, so reasons can add up "
                           "to more than its number of requests.")
                ui.download(by_reason, "removals by reason", f"removals_by_reason_{iso3}.csv", "dl_reason",
                            known(by_reason["source_id"]))
            table = removals.drop(columns=["country_name"])
        else:
            dlr = ui.query(rq.data_requests, None, "diplomatic", None, iso3, False)
            if dlr.empty:
                st.write(f"No diplomatic (MLAT-type) requests reported for {name}.")
            else:
                bars = dlr[dlr["requests"].notna()].assign(
                    assisting=lambda f: f["assisting_country"].fillna("?") + f["product"].map(
                        lambda p: f" · {p}" if isinstance(p, str) else ""))
                fig = charts.period_bars(bars.assign(requests=bars["requests"].astype(float)), "requests",
                                         "assisting", f"{name}: diplomatic legal requests to Google, by the "
                                         "country that assisted", source_line(known(bars["source_id"])),
                                         "requests", hover=["period"])
                ui.chart(fig, "country_dlr", f"Stacked bars of {name}'s diplomatic (MLAT-type) requests to Google "
                         "per half-year, by the assisting country (US or Ireland).")
            st.caption("Diplomatic legal requests are requests for evidence sent through a mutual legal assistance "
                       "treaty or letter rogatory and served by the US or Irish authorities: the closest published "
                       "measure of the cross-border evidence requests the Convention is about. Only Google reports them.")
            table = dlr.drop(columns=["country_name"])
        st.dataframe(table, hide_index=True, width="stretch", column_config=SHOWN_COLUMNS)
        ui.download(table, f"{view.lower()} for {name}", f"{view.lower().replace(' ', '_')}_{iso3}.csv", "dl_country",
                    known(table["source_id"]) if "source_id" in table else [])

ui.provenance_note(list(rq.SOURCE_IDS) + ["untc_status"])
ui.share(f"Government requests for user data ({view})", key="data_requests")
