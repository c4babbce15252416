"""Treaty facts computed from the participants table: status per country and entry into force."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pandas as pd

INSTRUMENTS_NEEDED = 40  # art. 65(1)
DAYS_AFTER = 90
SIGNATURE_CLOSES = date(2026, 12, 31)  # art. 64: open in New York until 31 December 2026
EU = "EUU"

# Status groups as users read them; the order is the legend's order.
RATIFIED, SIGNED, NOT_SIGNED, UNCONFIRMED = "Ratified or equivalent", "Signed only", "Not signed", "Reported, unconfirmed"
STATUS_ORDER = (RATIFIED, SIGNED, UNCONFIRMED, NOT_SIGNED)


def status_of(row) -> str:
    """The status group of one participant row (a mapping with consent_date, signature, confidence)."""
    if row.get("confidence") == "unconfirmed":
        return UNCONFIRMED
    if _present(row.get("consent_date")) and not row.get("flagged"):
        return RATIFIED
    return SIGNED


def _present(value) -> bool:
    return value is not None and not (isinstance(value, float) and pd.isna(value)) and value is not pd.NaT


@dataclass(frozen=True)
class EntryIntoForce:
    instruments: int  # counted instruments (the EU's and flagged ones excluded)
    needed: int
    fortieth_date: date | None
    date: date | None  # 90 days after the 40th instrument

    @property
    def remaining(self) -> int:
        return max(0, self.needed - self.instruments)


def entry_into_force(participants: pd.DataFrame) -> EntryIntoForce:
    """Art. 65(1): in force on the 90th day after the 40th instrument; the EU's instrument is not counted."""
    counted = participants[
        (participants["iso3"] != EU)
        & participants["consent_date"].notna()
        & ~participants["flagged"].fillna(False).astype(bool)
        & (participants["confidence"] != "unconfirmed")
    ]
    dates = sorted(pd.to_datetime(counted["consent_date"]).dt.date)
    if len(dates) < INSTRUMENTS_NEEDED:
        return EntryIntoForce(len(dates), INSTRUMENTS_NEEDED, None, None)
    fortieth = dates[INSTRUMENTS_NEEDED - 1]
    return EntryIntoForce(len(dates), INSTRUMENTS_NEEDED, fortieth, fortieth + timedelta(days=DAYS_AFTER))


def days_left_for_signature(today: date) -> int:
    return max(0, (SIGNATURE_CLOSES - today).days)
