"""A real dashboard in a real browser: Streamlit on 127.0.0.1 and the system Chromium via Playwright.

Fixtures (import them into a test module): ``dashboard`` starts ``streamlit run serve.py`` (the README command) on a free
loopback port over a seeded SQLite database (once per module) and yields its base URL; ``browser``
launches Chromium; ``page`` is a fresh context and page that records every request leaving 127.0.0.1.
Skipped when Chromium or Playwright is missing.
"""
from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from support import ROOT, seeded_copy

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
MAP_DRAWN = ".js-plotly-plot path.choroplethlocation"

pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory, seeded_template):
    if not Path(CHROMIUM).exists():
        pytest.skip("no Chromium on this machine (apt-get install chromium)")
    workdir = tmp_path_factory.mktemp("dashboard")
    database = workdir / "monitor.db"
    seeded_copy(seeded_template, database)
    port = _free_port()
    env = dict(os.environ, MONITOR_DATABASE_URL=f"sqlite:///{database}", MONITOR_RAW_DIR=str(workdir / "raw"))
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "serve.py", "--server.headless", "true",
         "--server.address", "127.0.0.1", "--server.port", str(port), "--server.fileWatcherType", "none"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, server)
        yield {"url": base, "database": database, "env": env}
    finally:
        server.terminate()
        try:
            server.wait(10)
        except subprocess.TimeoutExpired:
            server.kill()


def _wait_healthy(base: str, server: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited: {server.stdout.read().decode(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("streamlit did not become healthy")


@pytest.fixture(scope="module")
def browser(dashboard):
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class Page:
    """A fresh browser context: ``.page`` to drive, ``.outside`` lists requests to any other host."""

    def __init__(self, browser, base: str, **context_options):
        self.context = browser.new_context(accept_downloads=True, viewport={"width": 1280, "height": 900},
                                           **context_options)
        self.page = self.context.new_page()
        self.base = base
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", self._record)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _record(self, request) -> None:
        url = request.url
        if not (url.startswith(self.base) or url.startswith(("data:", "blob:", "about:"))
                or url.startswith(self.base.replace("http", "ws"))):
            self.outside.append(url)

    def open(self, path: str, wait_for: str = "h1"):
        """Go to ``path`` and wait for real content (the page title by default), then for the run to end."""
        self.page.goto(self.base + path)
        self.page.wait_for_selector(wait_for, timeout=45_000)
        self.wait_idle()
        return self.page

    def wait_idle(self) -> None:
        """Until Streamlit has finished running the script (no status widget spinning)."""
        self.page.wait_for_timeout(300)
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=45_000)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def page(browser, dashboard):
    wrapper = Page(browser, dashboard["url"])
    yield wrapper
    wrapper.close()
