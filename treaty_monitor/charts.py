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
    fig.update_geos(showframe=False, showcoastlines=False, showcountries=True, countrycolor="#888888",
                    lataxis_range=[-58, 85])
    fig.update_traces(marker_line_color="#666666", marker_line_width=0.4)
    return _layout(fig, title, source_line)


def count_map(frame: pd.DataFrame, value: str, title: str, source_line: str, label: str = "count") -> go.Figure:
    """A world map of a count per country (missing countries stay blank: missing is not zero)."""
    fig = px.choropleth(frame, locations="iso3", color=value, hover_name="country",
                        color_continuous_scale="Viridis_r", labels={value: label}, projection="natural earth")
    fig.update_geos(showframe=False, showcoastlines=False, showcountries=True, countrycolor="#888888",
                    lataxis_range=[-58, 85])
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
