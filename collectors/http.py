"""Polite HTTP: who we are, how long we wait, when we retry, what robots.txt allows, how much we take."""
from __future__ import annotations

import email.utils
import random
import time
import urllib.robotparser
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from urllib.parse import urlsplit
from urllib.request import url2pathname

import requests

from treaty_monitor.config import USER_AGENT

RETRY_STATUSES = {429, 500, 502, 503, 504}


class FetchError(RuntimeError):
    """A fetch that did not give usable content; ``response`` holds what came back, if anything."""

    def __init__(self, message: str, response: "HttpResponse | None" = None):
        super().__init__(message)
        self.response = response


@dataclass
class HttpResponse:
    url: str
    status: int
    headers: dict[str, str]
    content: bytes
    fetched_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def not_modified(self) -> bool:
        return self.status == 304


@dataclass
class PoliteClient:
    user_agent: str = USER_AGENT
    timeout: tuple[float, float] = (10.0, 60.0)
    max_retries: int = 3
    backoff: float = 2.0
    max_wait: float = 300.0
    max_bytes: int = 50_000_000
    respect_robots: bool = True
    sleep: callable = time.sleep
    session: requests.Session = field(default_factory=requests.Session)
    _robots: dict = field(default_factory=dict)

    def get(self, url: str, *, etag: str | None = None, last_modified: str | None = None,
            max_bytes: int | None = None) -> HttpResponse:
        """GET ``url`` with conditional headers; retry 429/5xx and network errors with backoff."""
        if url.startswith("file:"):
            return _read_local_file(url)
        if urlsplit(url).scheme not in ("http", "https"):
            raise FetchError(f"not an http(s) URL: {url!r}")
        self._check_robots(url)
        headers = {"User-Agent": self.user_agent}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        limit = max_bytes or self.max_bytes
        for attempt in range(self.max_retries + 1):
            last_try = attempt == self.max_retries
            try:
                response = self._get_once(url, headers, limit)
            except (requests.ConnectionError, requests.Timeout) as exc:
                if last_try:
                    raise FetchError(f"{url}: no answer after {attempt + 1} tries ({_short(exc)})") from exc
                self.sleep(self._backoff_delay(attempt))
                continue
            if response.status in RETRY_STATUSES and not last_try:
                self.sleep(self._retry_delay(response, attempt))
                continue
            if response.status >= 400:
                raise FetchError(f"{url}: HTTP {response.status} after {attempt + 1} tries", response)
            return response
        raise AssertionError("unreachable")

    def _get_once(self, url: str, headers: dict, limit: int) -> HttpResponse:
        with self.session.get(url, headers=headers, timeout=self.timeout, stream=True) as r:
            declared = int(r.headers.get("Content-Length") or 0)
            if declared > limit:
                raise FetchError(f"{url}: {declared:,} bytes exceeds the {limit:,}-byte cap")
            body = bytearray()
            for chunk in r.iter_content(64 * 1024):
                body += chunk
                if len(body) > limit:
                    raise FetchError(f"{url}: response exceeds the {limit:,}-byte cap")
            return HttpResponse(r.url, r.status_code, dict(r.headers), bytes(body))

    def _retry_delay(self, response: HttpResponse, attempt: int) -> float:
        wait = _retry_after_seconds(response.headers.get("Retry-After"))
        if wait is None:
            return self._backoff_delay(attempt)
        if wait > self.max_wait:
            raise FetchError(
                f"{response.url}: HTTP {response.status}, server asks to retry after {wait:.0f} s "
                f"(more than the {self.max_wait:.0f} s we wait)", response)
        return wait

    def _backoff_delay(self, attempt: int) -> float:
        return min(self.max_wait, self.backoff * 2 ** attempt * (1 + random.random() / 4))

    def _check_robots(self, url: str) -> None:
        if not self.respect_robots:
            return
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        if origin not in self._robots:
            self._robots[origin] = self._load_robots(origin)
        if not self._robots[origin].can_fetch(self.user_agent, url):
            raise FetchError(f"{url}: disallowed by {origin}/robots.txt")

    def _load_robots(self, origin: str) -> urllib.robotparser.RobotFileParser:
        rules = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            r = self.session.get(origin + "/robots.txt", headers={"User-Agent": self.user_agent},
                                 timeout=self.timeout)
        except requests.RequestException as exc:
            raise FetchError(f"{origin}/robots.txt unreachable ({_short(exc)}); not fetching") from exc
        if r.status_code >= 500:
            # RFC 9309: a server error on robots.txt means "assume everything is disallowed".
            raise FetchError(f"{origin}/robots.txt answered HTTP {r.status_code}; not fetching")
        rules.parse(r.text.splitlines() if r.status_code < 400 else [])
        return rules


def _retry_after_seconds(value: str | None) -> float | None:
    """Retry-After as seconds, whether given as a number or as an HTTP date."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


def _read_local_file(url: str) -> HttpResponse:
    path = Path(url2pathname(urlsplit(url).path))
    try:
        return HttpResponse(url, 200, {}, path.read_bytes())
    except OSError as exc:
        raise FetchError(f"{url}: {exc.strerror}") from exc


def _short(exc: Exception) -> str:
    return type(exc).__name__
