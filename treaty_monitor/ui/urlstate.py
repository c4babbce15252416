"""The page's state lives in the URL: read and validate query parameters, write them back.

Usage in a page::

    state = UrlState()
    group = state.choice("group", GROUPS, default="All")      # validated initial value
    st.selectbox("UN regional group", GROUPS, key=state.key("group"))
    ...
    state.publish()   # after all widgets: the URL now holds every non-default value
    state.show_notes()

An invalid value falls back to the default with a visible note; it never crashes the page.
"""
from __future__ import annotations

from datetime import date

import streamlit as st


class UrlState:
    def __init__(self, prefix: str = "url_"):
        self.prefix = prefix
        self.notes: list[str] = []
        self.defaults: dict[str, object] = {}
        self.kinds: dict[str, str] = {}

    def key(self, name: str) -> str:
        """The widget key bound to URL parameter ``name``."""
        return self.prefix + name

    def _init(self, name: str, value, default, kind: str):
        self.defaults[name] = default
        self.kinds[name] = kind
        if self.key(name) not in st.session_state:
            st.session_state[self.key(name)] = value
        return st.session_state[self.key(name)]

    def _raw(self, name: str) -> str | None:
        value = st.query_params.get(name)
        return value if value not in (None, "") else None

    def choice(self, name: str, options, default, label: str | None = None):
        raw = self._raw(name)
        value = default
        if raw is not None:
            matches = [o for o in options if str(o) == raw or str(o).casefold() == raw.casefold()]
            if matches:
                value = matches[0]
            else:
                self._note(name, raw, label, f"showing {default!s}")
        return self._init(name, value, default, "choice")

    def dependent_choice(self, name: str, options, default, label: str | None = None):
        """A choice whose options depend on another filter (e.g. a provider's half-years): checked against
        the URL on the first run only, and reset to the default, without a note, when the other filter
        changes and the value no longer fits."""
        key = self.key(name)
        if key not in st.session_state:
            return self.choice(name, options, default, label)
        if st.session_state[key] not in options:
            st.session_state[key] = default
        self.defaults[name], self.kinds[name] = default, "choice"
        return st.session_state[key]

    def multi(self, name: str, options, default=(), label: str | None = None) -> list:
        raw = self._raw(name)
        value = list(default)
        if raw is not None:
            lookup = {str(o).casefold(): o for o in options}
            pieces = [p.strip() for p in raw.split(",") if p.strip()]
            bad = [p for p in pieces if p.casefold() not in lookup]
            value = [lookup[p.casefold()] for p in pieces if p.casefold() in lookup]
            if bad:
                self._note(name, ",".join(bad), label, "ignored")
        return self._init(name, value, list(default), "multi")

    def date_range(self, name: str, lowest: date, highest: date, label: str | None = None) -> tuple[date, date]:
        """A ``YYYY-MM-DD..YYYY-MM-DD`` range clipped to [lowest, highest]."""
        raw = self._raw(name)
        value = (lowest, highest)
        if raw is not None:
            try:
                start, end = (date.fromisoformat(p) for p in raw.split("..", 1))
                if start > end:
                    raise ValueError
                value = (max(start, lowest), min(end, highest))
            except ValueError:
                self._note(name, raw, label, "showing the whole period (use YYYY-MM-DD..YYYY-MM-DD)")
        return self._init(name, value, (lowest, highest), "date_range")

    def text(self, name: str, default: str = "", valid=None, label: str | None = None) -> str:
        raw = self._raw(name)
        value = default
        if raw is not None:
            if valid is None or valid(raw):
                value = raw
            else:
                self._note(name, raw, label, f"showing {default or 'the default'}")
        return self._init(name, value, default, "text")

    def _note(self, name, raw, label, fallback) -> None:
        self.notes.append(f"The link's {label or name} value {raw[:60]!r} is not valid here; {fallback}.")

    def publish(self) -> None:
        """Write every bound value into the URL (defaults are left out to keep links short)."""
        for name, default in self.defaults.items():
            value = st.session_state.get(self.key(name), default)
            encoded = _encode(value, self.kinds[name])
            if value == default or _encode(default, self.kinds[name]) == encoded or encoded == "":
                if name in st.query_params:
                    del st.query_params[name]
            elif st.query_params.get(name) != encoded:
                st.query_params[name] = encoded

    def show_notes(self) -> None:
        for note in self.notes:
            st.warning(note, icon=":material/link_off:")


def _encode(value, kind: str) -> str:
    if kind == "multi":
        return ",".join(str(v) for v in value)
    if kind == "date_range":
        if isinstance(value, (tuple, list)) and len(value) == 2:
            return f"{value[0]}..{value[1]}"
        return ""
    return "" if value is None else str(value)
