"""The dashboard as an ASGI app with link previews: ``streamlit run serve.py``.

Same app as ``streamlit run dashboard.py`` (the overview page and pages/), plus page titles and
descriptions in the first HTML response, so a link pasted into a chat shows a proper preview.
"""
import streamlit as st
from starlette.middleware import Middleware

from treaty_monitor import link_preview

PASS_THROUGH = ("/_stcore", "/static", "/app/static", "/component", "/media", "/favicon")


class PreviewMiddleware:
    """Rewrites the HTML shell Streamlit sends for page URLs; every other response passes untouched."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["path"].startswith(PASS_THROUGH) or scope["method"] != "GET":
            return await self.app(scope, receive, send)
        # ask the inner app for an uncompressed body so it can be edited
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k.lower() != b"accept-encoding"])
        start, chunks = {}, []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            else:
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    await _send_rewritten(send, scope, start, b"".join(chunks))

        await self.app(scope, receive, capture)


async def _send_rewritten(send, scope, start, body: bytes) -> None:
    headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
    if any(k.lower() == b"content-type" and v.startswith(b"text/html") for k, v in headers):
        title, description = link_preview.preview_for(scope["path"], scope.get("query_string", b"").decode())
        body = link_preview.rewrite(body.decode("utf-8"), title, description).encode("utf-8")
    headers.append((b"content-length", str(len(body)).encode()))
    await send({**start, "headers": headers})
    await send({"type": "http.response.body", "body": body})


app = st.App("dashboard.py", middleware=[Middleware(PreviewMiddleware)])
