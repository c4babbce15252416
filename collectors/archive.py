"""The raw archive: every response body kept under data/raw/, content-addressed, logged in raw_responses."""
from __future__ import annotations

import hashlib
import json
import mimetypes
from pathlib import Path

import sqlalchemy as sa

from treaty_monitor import config, schema
from .http import HttpResponse

raw = schema.raw_responses


def archive(engine: sa.Engine, source_id: str, response: HttpResponse) -> int:
    """Keep the body and log the response; an identical repeat only refreshes ``last_fetched_at``."""
    digest = hashlib.sha256(response.content).hexdigest()
    relative = Path(source_id) / digest[:2] / (digest + _extension(response))
    path = config.raw_dir() / relative
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(response.content)
    with engine.begin() as conn:
        latest = conn.execute(
            sa.select(raw).where(raw.c.source_id == source_id, raw.c.url == response.url)
            .order_by(raw.c.id.desc()).limit(1)
        ).mappings().first()
        if latest and latest["content_sha256"] == digest and latest["status_code"] == response.status:
            conn.execute(raw.update().where(raw.c.id == latest["id"]).values(last_fetched_at=response.fetched_at))
            return latest["id"]
        headers = {k.lower(): v for k, v in response.headers.items()}
        return conn.execute(raw.insert().values(
            source_id=source_id, url=response.url, status_code=response.status,
            headers=json.dumps(headers), content_sha256=digest, size=len(response.content),
            path=relative.as_posix(), etag=headers.get("etag"), last_modified=headers.get("last-modified"),
            first_fetched_at=response.fetched_at, last_fetched_at=response.fetched_at,
        )).inserted_primary_key[0]


def last_good(engine: sa.Engine, source_id: str, url: str) -> dict | None:
    """The latest successful (200) response archived for ``url``."""
    with engine.begin() as conn:
        row = conn.execute(
            sa.select(raw).where(raw.c.source_id == source_id, raw.c.url == url, raw.c.status_code == 200)
            .order_by(raw.c.last_fetched_at.desc(), raw.c.id.desc()).limit(1)
        ).mappings().first()
    return dict(row) if row else None


def read_body(row: dict) -> bytes:
    return (config.raw_dir() / row["path"]).read_bytes()


def _extension(response: HttpResponse) -> str:
    kind = (response.headers.get("Content-Type") or response.headers.get("content-type") or "").split(";")[0]
    kind = kind.strip().lower()
    # mimetypes maps application/xml to ".xsl" on common systems: name XML bodies .xml
    guessed = ".xml" if kind in ("application/xml", "text/xml") else mimetypes.guess_extension(kind) if kind else None
    if guessed:
        return guessed
    suffix = Path(response.url.split("?")[0]).suffix
    return suffix if 1 < len(suffix) <= 6 else ".bin"
