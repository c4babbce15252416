"""Reference data in the database: the country table, reloaded when data/countries.csv changes."""
from __future__ import annotations

import hashlib

import pandas as pd
import sqlalchemy as sa

from . import config, schema

COUNTRIES_CSV = config.DATA_DIR / "countries.csv"


def load_countries(engine: sa.Engine) -> bool:
    """Replace the countries table when the CSV's checksum differs from the loaded one."""
    digest = hashlib.sha256(COUNTRIES_CSV.read_bytes()).hexdigest()
    meta = schema.meta
    with engine.begin() as conn:
        loaded = conn.execute(sa.select(meta.c.value).where(meta.c.key == "countries_sha256")).scalar()
        if loaded == digest:
            return False
        frame = pd.read_csv(COUNTRIES_CSV, dtype=str, keep_default_na=False)
        rows = [
            {col: (value or None) for col, value in row.items() if col in schema.countries.c}
            | {"un_member": row["un_member"] == "1"}
            for row in frame.to_dict("records")
        ]
        conn.execute(schema.countries.delete())
        conn.execute(schema.countries.insert(), rows)
        conn.execute(meta.delete().where(meta.c.key == "countries_sha256"))
        conn.execute(meta.insert().values(key="countries_sha256", value=digest))
    return True
