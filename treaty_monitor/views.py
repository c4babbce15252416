"""Frames the pages show, derived from queries: filters and joins that pages share."""
from __future__ import annotations

import pandas as pd

from . import treaty

TREATY_TABLE_COLUMNS = [
    "country", "iso3", "status", "signature_date", "signature_text", "signature_place", "consent_date",
    "consent_kind", "has_declarations", "declarations", "footnotes", "flag_note", "confidence", "evidence",
    "un_group", "region", "source_url", "retrieved_at",
]


def filter_states(frame: pd.DataFrame, group: str = "All", region: str = "All") -> pd.DataFrame:
    """Keep the rows of one UN regional group and one M49 region ("All" keeps everything)."""
    if group != "All":
        frame = frame[frame["un_group"] == group]
    if region != "All":
        frame = frame[frame["region"] == region]
    return frame


def states_only(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[frame["iso3"] != treaty.EU]


def headline_counts(status: pd.DataFrame) -> dict:
    """The overview's numbers: signatories (EU apart), instruments counted for entry into force."""
    participants = status[status["participant"].notna()]
    confirmed = participants[participants["confidence"] != "unconfirmed"]
    eif = treaty.entry_into_force(participants)
    return {
        "signatories": int((confirmed["signature_date"].notna() | confirmed["signature_text"].notna()).sum()),
        "eu_signed": bool((confirmed["iso3"] == treaty.EU).any()),
        "unconfirmed": int((participants["confidence"] == "unconfirmed").sum()),
        "undated": int((confirmed["signature_date"].isna()).sum()),
        "eif": eif,
    }


def law_crosstab(status: pd.DataFrame, law: pd.DataFrame) -> pd.DataFrame:
    """Treaty status by UNCTAD cybercrime-law status, states only; 'No Data' where UNCTAD has no row."""
    joined = states_only(status)[["iso3", "country", "status"]].merge(
        law[["iso3", "status"]].rename(columns={"status": "law_status"}), on="iso3", how="left")
    joined["law_status"] = joined["law_status"].fillna("Not covered by UNCTAD")
    table = pd.crosstab(joined["status"], joined["law_status"], margins=True, margins_name="Total")
    order = [s for s in treaty.STATUS_ORDER if s in table.index] + ["Total"]
    return table.loc[order]


def record_note(records: pd.DataFrame) -> str | None:
    """The UNTC record's own counts and status timestamp, to set beside the monitor's counts."""
    if records.empty:
        return None
    row = records.iloc[0]
    parts = [f"{label} {int(row[column])}" for label, column in (("signatories", "signatories_count"),
                                                                 ("parties", "parties_count"))
             if pd.notna(row[column])]
    stamp = f" (status as at {row['status_as_at']})" if isinstance(row["status_as_at"], str) else ""
    return f"The UN Treaty Collection record itself counts {', '.join(parts) or 'no totals'}{stamp}." if parts or stamp else None
