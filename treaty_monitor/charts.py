"""Plotly figure builders shared by the pages. Pure: data in, figure out.

Palette: Okabe-Ito (colour-blind safe); every status is also written in the legend and hover text.
"""
from __future__ import annotations

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from . import treaty

STATUS_COLOURS = {
    treaty.RATIFIED: "#0072B2",
    treaty.SIGNED: "#E69F00",
    treaty.UNCONFIRMED: "#CC79A7",
    treaty.NOT_SIGNED: "#DDDDDD",
}
LAW_COLOURS = {
    "Legislation": "#009E73",
    "Draft Legislation": "#F0E442",
    "No Legislation": "#D55E00",
    "No Data": "#BBBBBB",
}
LAW_ORDER = tuple(LAW_COLOURS)


# Transparent sea so maps sit on the light and the dark theme alike; grey land = no data.
GEO_STYLE = dict(showframe=False, showcoastlines=False, showcountries=True, countrycolor="#888888",
                 lataxis_range=[-58, 85], bgcolor="rgba(0,0,0,0)", showland=True, landcolor="#E8E8E8")


def _layout(fig: go.Figure, title: str, source_line: str) -> go.Figure:
    """Title and source line sit on the figure itself, so an exported PNG/SVG still says where it is from."""
    fig.update_layout(
        title={"text": title, "x": 0, "xanchor": "left"},
        margin={"l": 10, "r": 10, "t": 80, "b": 50},
        legend={"orientation": "h", "y": 1.0, "yanchor": "bottom", "x": 0, "title": None},
        annotations=[{"text": source_line, "showarrow": False, "xref": "paper", "yref": "paper",
                      "x": 0, "y": 0, "yshift": -30, "xanchor": "left", "yanchor": "top", "font": {"size": 11}}],
    )
    return fig


def category_map(frame: pd.DataFrame, column: str, colours: dict[str, str], title: str, source_line: str,
                 hover: list[str] | None = None) -> go.Figure:
    """A world map of one categorical column keyed by ISO3; categories in a fixed, labelled order."""
    data = frame[frame["iso3"].notna() & (frame["iso3"].str.len() == 3)]
    fig = px.choropleth(
        data, locations="iso3", color=column, hover_name="country", hover_data=hover or [],
        color_discrete_map=colours, category_orders={column: list(colours)}, projection="natural earth",
    )
    fig.update_geos(**GEO_STYLE)
    fig.update_traces(marker_line_color="#666666", marker_line_width=0.4)
    return _layout(fig, title, source_line)


def count_map(frame: pd.DataFrame, value: str, title: str, source_line: str, label: str = "count") -> go.Figure:
    """A world map of a count per country (missing countries stay blank: missing is not zero)."""
    fig = px.choropleth(frame, locations="iso3", color=value, hover_name="country",
                        color_continuous_scale="Viridis_r", labels={value: label}, projection="natural earth")
    fig.update_geos(**GEO_STYLE)
    return _layout(fig, title, source_line)


def cumulative_chart(participants: pd.DataFrame, title: str, source_line: str) -> go.Figure:
    """Cumulative signatures and counted instruments of consent over time, with the 40 needed."""
    fig = go.Figure()
    series = {
        "Signatures": participants["signature_date"],
        "Ratifications or equivalent (EU not counted)": participants.loc[
            (participants["iso3"] != treaty.EU) & ~participants["flagged"], "consent_date"],
    }
    for (name, dates), colour in zip(series.items(), ("#E69F00", "#0072B2")):
        dates = pd.to_datetime(dates.dropna()).sort_values()
        if dates.empty:
            continue
        counts = pd.Series(range(1, len(dates) + 1), index=dates).groupby(level=0).max()
        fig.add_trace(go.Scatter(x=counts.index, y=counts.values, mode="lines+markers", name=name,
                                 line={"shape": "hv", "color": colour}))
    fig.add_hline(y=treaty.INSTRUMENTS_NEEDED, line_dash="dash", line_color="#D55E00",
                  annotation_text="40 instruments: entry into force 90 days later", annotation_position="top left")
    fig.update_yaxes(title="count", rangemode="tozero")
    fig.update_xaxes(title=None)
    return _layout(fig, title, source_line)


def ranked_bars(frame: pd.DataFrame, label: str, value: str, title: str, source_line: str,
                colour: str | None = None) -> go.Figure:
    fig = px.bar(frame.sort_values(value), x=value, y=label, orientation="h", color=colour)
    fig.update_yaxes(title=None)
    return _layout(fig, title, source_line)


# --- UN sessions (issue 3) --------------------------------------------------------------------------
VOTE_COLOURS = {"Yes": "#0072B2", "No": "#D55E00", "Abstain": "#E69F00", "Not voting": "#999999"}
TIMELINE_COLOURS = {
    "General Assembly": "#0072B2",
    "Ad Hoc Committee session": "#E69F00",
    "Intersessional consultation": "#56B4E9",
    "Signing": "#009E73",
    "After adoption (Conference of the States Parties, protocol)": "#CC79A7",
}


def session_timeline(frame: pd.DataFrame, title: str, source_line: str) -> go.Figure:
    """Sessions and meetings as bars from start to end (one-day events widened to be visible)."""
    data = frame.copy()
    data["start"] = pd.to_datetime(data["start_date"])
    # a bar ends at midnight after its last day, so a one-day meeting still shows
    data["finish"] = pd.to_datetime(data["end_date"]).fillna(data["start"]) + pd.Timedelta(days=1)
    # over years of meetings a day is a fraction of a pixel: short meetings are drawn three weeks wide
    widen = data["finish"] - data["start"] < pd.Timedelta(days=21)
    data.loc[widen, "finish"] = data.loc[widen, "start"] + pd.Timedelta(days=21)
    fig = px.timeline(data, x_start="start", x_end="finish", y="name", color="kind",
                      color_discrete_map=TIMELINE_COLOURS, category_orders={"kind": list(TIMELINE_COLOURS)},
                      hover_name="name", hover_data={"start_date": True, "end_date": True, "venue": True,
                                                     "documents": True, "start": False, "finish": False,
                                                     "name": False, "kind": True})
    fig.update_yaxes(autorange="reversed", title=None, categoryorder="array", categoryarray=list(data["name"]))
    fig.update_xaxes(title=None)
    fig = _layout(fig, title, source_line)
    # the legend runs over two lines: room for it between the title and the bars
    fig.update_layout(height=max(380, 26 * len(data) + 200), margin={"t": 130},
                      title={"y": 0.99, "yanchor": "top"}, legend={"y": 1.02, "yanchor": "bottom"})
    return fig


def category_grid(frame: pd.DataFrame, x: str, y: str, column: str, colours: dict[str, str], title: str,
                  source_line: str) -> go.Figure:
    """A grid of labelled squares (e.g. states x resolutions coloured by vote); blank where no value."""
    data = frame[frame[column].notna()]
    fig = px.scatter(data, x=x, y=y, color=column, color_discrete_map=colours,
                     category_orders={column: list(colours)}, hover_data={column: True})
    fig.update_traces(marker={"symbol": "square", "size": 18, "line": {"width": 0.5, "color": "#444444"}})
    fig.update_xaxes(title=None, type="category", categoryorder="category ascending")
    fig.update_yaxes(title=None, type="category", categoryorder="category descending")  # A at the top
    fig.update_layout(height=max(300, 24 * frame[y].nunique() + 180))
    return _layout(fig, title, source_line)


def stacked_ranked_bars(frame: pd.DataFrame, label: str, value: str, colour: str, title: str, source_line: str,
                        colours: dict[str, str] | None = None) -> go.Figure:
    """Horizontal bars ranked by their total, stacked by ``colour`` (a long frame: label, colour, value)."""
    totals = frame.groupby(label)[value].sum().reset_index()
    order = totals.sort_values([value, label], ascending=[False, True])[label].tolist()  # ties by name
    fig = px.bar(frame, x=value, y=label, color=colour, orientation="h", color_discrete_map=colours or {},
                 category_orders={label: order, colour: list(colours or {})})
    fig.update_yaxes(title=None)
    fig.update_xaxes(title=None)  # the title names the unit; an axis title would sit on the source line
    fig.update_layout(height=max(300, 22 * len(order) + 160))
    return _layout(fig, title, source_line)


# --- Government requests to providers (issue 6) ----------------------------------------------------
# Every figure plots one provider's numbers per line or facet: providers count differently and their
# figures are never added together.

def date_marker(fig: go.Figure, when, text: str, colour: str = "#D55E00") -> go.Figure:
    """A dashed vertical line at ``when`` in every panel, labelled in the top-left one (shapes and an
    annotation: plotly's add_vline cannot place an annotation on a date axis)."""
    x = pd.Timestamp(when)
    layout = fig.layout.to_plotly_json()
    used = {(trace.xaxis or "x")[1:] for trace in fig.data}  # panels with data ("" for the first)
    suffixes = sorted(k[5:] for k in layout if k.startswith("xaxis") and k[5:] in used) or [""]

    def top_left(suffix):
        y_domain = layout.get("yaxis" + suffix, {}).get("domain", [0, 1])
        x_domain = layout.get("xaxis" + suffix, {}).get("domain", [0, 1])
        return (-y_domain[1], x_domain[0])

    for suffix in suffixes:
        fig.add_shape(type="line", x0=x, x1=x, xref=f"x{suffix}", y0=0, y1=1, yref=f"y{suffix} domain",
                      line={"color": colour, "dash": "dash", "width": 1.5})
    first = min(suffixes, key=top_left)
    fig.add_annotation(x=x, y=1, xref=f"x{first}", yref=f"y{first} domain", text=text, showarrow=False,
                       xanchor="right", yanchor="top", font={"size": 11, "color": colour},
                       bgcolor="rgba(255,255,255,0.8)")
    return fig


def _source_margin(fig: go.Figure, source_line: str) -> go.Figure:
    """Room below the plot for a source line of one or more lines (``<br>``)."""
    fig.update_layout(margin={"b": 50 + 16 * source_line.count("<br>")})
    fig.layout.annotations[0].update(align="left")
    return fig


def _side_legend(fig: go.Figure, entries: int) -> go.Figure:
    """Many series: the legend goes to the right, where it can grow without covering the title."""
    if entries > 4:
        fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"})
    return fig


def status_trend(frame: pd.DataFrame, y: str, title: str, source_line: str, y_title: str,
                 marker_date, marker_text: str) -> go.Figure:
    """One provider's requests per treaty-status group over half-years, with a date marked."""
    data = frame.assign(period_end=pd.to_datetime(frame["period_end"]))
    fig = go.Figure()
    for status, colour in STATUS_COLOURS.items():
        part = data[data["status"] == status].sort_values("period_end")
        if part.empty:
            continue
        fig.add_trace(go.Scatter(
            x=part["period_end"], y=part[y], mode="lines+markers", name=status,
            line={"color": "#777777" if status == treaty.NOT_SIGNED else colour},
            customdata=part[["period", "countries_with_requests", "countries_reporting"]],
            hovertemplate=(f"{status}<br>%{{customdata[0]}}: %{{y:,.0f}}<br>%{{customdata[1]}} countries with "
                           "requests, %{customdata[2]} reporting<extra></extra>")))
    fig.update_yaxes(title=y_title, rangemode="tozero")
    fig.update_xaxes(title=None)
    fig = _source_margin(_layout(fig, title, source_line), source_line)
    if not data.empty:
        fig.update_xaxes(range=[data["period_end"].min() - pd.Timedelta(days=60),
                                max(data["period_end"].max(), pd.Timestamp(marker_date)) + pd.Timedelta(days=120)])
    return date_marker(fig, marker_date, marker_text)


def period_bars(frame: pd.DataFrame, y: str, colour: str, title: str, source_line: str, y_title: str,
                x: str = "period_end", facet: str | None = None, hover: list[str] | None = None) -> go.Figure:
    """Stacked bars per half-year (e.g. removal requests by reason); one panel per provider if ``facet``."""
    data = frame.assign(**{x: pd.to_datetime(frame[x])})
    fig = px.bar(data, x=x, y=y, color=colour, facet_col=facet, facet_col_wrap=1 if facet else 0,
                 hover_data=hover or [], color_discrete_sequence=OKABE_ITO + px.colors.qualitative.Safe,
                 facet_row_spacing=0.12 if facet else None)
    return _finish_facets(fig, data, colour, facet, title, source_line, y_title, panel_height=260)


# The same request type keeps its colour in every provider's panel.
REQUEST_TYPE_COLOURS = {
    "All requests": "#000000", "Legal process": "#0072B2", "Emergency": "#D55E00", "Preservation": "#999999",
    "Civil": "#009E73", "Diplomatic (MLAT-type) requests": "#CC79A7", "Account": "#56B4E9", "Device": "#E69F00",
    "Financial identifier": "#F0E442", "Account restriction/deletion": "#882255", "Push token": "#44AA99",
    "Digital content provider": "#332288",
}


def facet_lines(frame: pd.DataFrame, y: str, colour: str, facet: str, title: str, source_line: str, y_title: str,
                x: str = "period_end", hover: list[str] | None = None, y_range=None, wrap: int = 2,
                colours: dict[str, str] | None = None) -> go.Figure:
    """Small multiples over half-years: one panel per ``facet`` (a provider) with its own y scale, one line per
    ``colour`` (a request type) inside it. Panels are never added together."""
    data = frame.assign(**{x: pd.to_datetime(frame[x])}).sort_values([facet, colour, x])
    panels = data[facet].nunique()
    fig = px.line(data, x=x, y=y, color=colour, facet_col=facet, facet_col_wrap=min(wrap, panels), markers=True,
                  hover_data=hover or [], color_discrete_sequence=OKABE_ITO + px.colors.qualitative.Safe,
                  color_discrete_map=REQUEST_TYPE_COLOURS if colours is None else colours,
                  facet_row_spacing=0.14 if panels > wrap else None, facet_col_spacing=0.06)
    fig.update_xaxes(showticklabels=True)
    if y_range is not None:
        fig.update_yaxes(range=y_range)
    return _finish_facets(fig, data, colour, facet, title, source_line, y_title, panel_height=250,
                          rows=-(-panels // min(wrap, panels)))


def _finish_facets(fig, data, colour, facet, title, source_line, y_title, panel_height: int, rows: int | None = None):
    fig.update_yaxes(matches=None, showticklabels=True, rangemode="tozero", title=None)
    fig.update_xaxes(title=None)
    # panel titles: the provider only ("provider=Google" -> "Google")
    labels = [a.to_plotly_json() | {"text": "<b>" + a.text.split("=", 1)[-1] + "</b>"} for a in fig.layout.annotations]
    fig.layout.annotations = ()  # (_layout's update would otherwise write the source line into each of them)
    fig = _source_margin(_layout(fig, title, source_line), source_line)
    for label in labels:
        fig.add_annotation(label)
    if facet:
        rows = rows or data[facet].nunique()
        fig.update_layout(height=140 + panel_height * rows)
        fig.add_annotation(text=y_title, textangle=-90, xref="paper", yref="paper", x=0, y=0.5, xshift=-50,
                           showarrow=False, font={"size": 12})
        fig.update_layout(margin={"l": 70})
    else:
        fig.update_yaxes(title=y_title)
    return _side_legend(fig, data[colour].nunique())


OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]


def ordered_bars(frame: pd.DataFrame, x: str, y: str, colour: str, order: list[str], title: str,
                 source_line: str) -> go.Figure:
    """Vertical bars in a given order of ``x`` (e.g. sessions by date), stacked by ``colour``."""
    fig = px.bar(frame, x=x, y=y, color=colour, category_orders={x: order})
    fig.update_xaxes(title=None)
    fig.update_yaxes(title=y, rangemode="tozero")
    return _layout(fig, title, source_line)


# --- Human-rights incidents (issue 4) ------------------------------------------------------------------------
# Okabe-Ito, one colour per incident category; leads are drawn hatched (and named "lead" in legend and hover).
CATEGORY_COLOURS = {
    "Internet shutdown or throttling": "#0072B2",
    "Arrest or detention": "#D55E00",
    "Prosecution or conviction": "#CC79A7",
    "Surveillance": "#009E73",
    "Content blocking or takedown": "#E69F00",
    "Cross-border data or evidence request": "#56B4E9",
    "Harassment or attack": "#000000",
    "Legislation used or introduced": "#F0E442",
}
KIND_PATTERNS = {"incident": "", "lead": "/"}
KIND_COLOURS = {"incidents": "#0072B2", "leads": "#999999"}


def monthly_category_chart(monthly: pd.DataFrame, title: str, source_line: str) -> go.Figure:
    """Stacked monthly counts by category; leads (when shown) hatched on top of the incidents."""
    data = monthly.assign(kind=monthly["kind"].astype(str))
    fig = px.bar(data, x="month", y="count", color="category_label", pattern_shape="kind",
                 color_discrete_map=CATEGORY_COLOURS, pattern_shape_map=KIND_PATTERNS,
                 category_orders={"category_label": [c for c in CATEGORY_COLOURS if c in set(data["category_label"])],
                                  "kind": list(KIND_PATTERNS)},
                 labels={"count": "incidents", "month": "month", "category_label": "category", "kind": "kind"})
    fig.update_layout(barmode="stack", bargap=0.1)
    fig.update_yaxes(title="incidents per month", rangemode="tozero")
    fig.update_xaxes(title=None)
    fig = _layout(fig, title, source_line)
    # up to 16 category-and-kind entries: a column on the right, clear of the title
    fig.update_layout(legend={"orientation": "v", "x": 1.01, "xanchor": "left", "y": 1, "yanchor": "top"})
    return fig


def incident_count_map(counts: pd.DataFrame, title: str, source_line: str) -> go.Figure:
    """Incidents per country; countries with leads only are not coloured, leads are named in the hover."""
    data = counts[counts["incidents"] > 0]
    fig = count_map(data, "incidents", title, source_line, label="incidents")
    if len(data) and data["leads"].sum():
        fig.update_traces(customdata=data[["leads"]].to_numpy(),
                          hovertemplate="<b>%{hovertext}</b><br>incidents: %{z}<br>leads (not counted): "
                                        "%{customdata[0]}<extra></extra>")
    return fig


def top_countries_chart(top: pd.DataFrame, title: str, source_line: str) -> go.Figure:
    """Ranked bars: incidents per country, and leads (hatched, grey) beside them when shown."""
    data = top.iloc[::-1]  # largest on top
    fig = go.Figure()
    fig.add_trace(go.Bar(y=data["country"], x=data["incidents"], orientation="h", name="incidents",
                         marker_color=KIND_COLOURS["incidents"]))
    if data["leads"].sum():
        fig.add_trace(go.Bar(y=data["country"], x=data["leads"], orientation="h", name="leads (not counted)",
                             marker_color=KIND_COLOURS["leads"], marker_pattern_shape="/"))
    fig.update_layout(barmode="group", height=max(360, 28 * len(data) + 160))
    fig.update_xaxes(title="incidents", rangemode="tozero")
    fig.update_yaxes(title=None)
    return _layout(fig, title, source_line)


def status_group_chart(groups: pd.DataFrame, title: str, source_line: str) -> go.Figure:
    """Incidents in the states of each treaty status group, in the status colours."""
    fig = go.Figure(go.Bar(
        x=groups["treaty_status"], y=groups["incidents"],
        marker_color=[STATUS_COLOURS.get(s, "#BBBBBB") for s in groups["treaty_status"]],
        marker_line_color="#666666", marker_line_width=0.6,
        customdata=groups[["states", "states_with_incidents"]].to_numpy(),
        hovertemplate="<b>%{x}</b><br>incidents: %{y}<br>states: %{customdata[0]}<br>states with incidents: "
                      "%{customdata[1]}<extra></extra>",
    ))
    fig.update_yaxes(title="incidents", rangemode="tozero")
    fig.update_xaxes(title=None)
    return _layout(fig, title, source_line)


def incident_timeline(frame: pd.DataFrame, title: str, source_line: str) -> go.Figure:
    """One dot per incident on a time axis, a row per category (hover: summary and organisation)."""
    data = frame.assign(start_date=pd.to_datetime(frame["start_date"]))
    fig = px.strip(data, x="start_date", y="category", color="category", hover_data=["summary", "source_org"],
                   color_discrete_sequence=OKABE_ITO)
    fig.update_layout(showlegend=False)
    fig.update_xaxes(title=None)
    fig.update_yaxes(title=None)
    return _layout(fig, title, source_line)


def cap_colour_scale(fig: go.Figure, values: pd.Series, quantile: float = 0.95) -> float | None:
    """Cap a count map's colour scale at a quantile, so that one or two very large values do not wash
    out every other country; returns the cap (None when not needed). Hover still shows the true value."""
    values = pd.to_numeric(values, errors="coerce").dropna()
    if len(values) < 10:
        return None
    cap = float(values.quantile(quantile))
    if cap <= 0 or values.max() <= cap * 1.5:
        return None
    fig.update_layout(coloraxis={"cmin": 0, "cmax": cap})
    return cap
