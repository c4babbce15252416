"""The browser suite: every page in the system Chromium, with nothing fetched from outside the app.

Covers: each page loads without an error; maps draw; a filter changed in the page shows in the URL and a
fresh browser context opened on that URL shows the same view; the full extract holds its README; the
Atom feed served by the app validates and holds the change a collector run just detected.
"""
import io
import shutil
import subprocess
import sys
import threading
import zipfile
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import feedparser
import pytest

from browser_support import MAP_DRAWN, Page
from support import ROOT

pytestmark = pytest.mark.browser

PAGES = ["/", "/Treaty_status", "/UN_sessions", "/Incidents", "/Data_requests", "/Country?country=EGY",
         "/Compare?countries=EGY,FRA", "/Data_sources", "/Review"]
MAP_PAGES = ["/", "/Treaty_status", "/Incidents", "/UN_sessions?view=Votes", "/Data_requests"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_loads_without_error_or_outside_request(page, path):
    p = page.open(path)
    assert p.locator("[data-testid='stException']").count() == 0, p.locator("[data-testid='stException']").first.inner_text()
    assert p.locator("h1").count() >= 1
    assert page.outside == [], f"requests left the machine: {page.outside}"
    assert page.errors == []


@pytest.mark.parametrize("path", MAP_PAGES)
def test_maps_draw_offline(page, path):
    p = page.open(path, wait_for=MAP_DRAWN)
    assert p.locator(MAP_DRAWN).count() > 20
    assert page.outside == []


LOCATIONS_JS = "document.querySelector('.js-plotly-plot').data.flatMap(t => t.locations || [])"


def _locations(p) -> list:
    return p.evaluate(f"() => {LOCATIONS_JS}")


def test_a_changed_filter_lands_in_the_url_and_a_fresh_context_restores_the_view(page, browser, dashboard):
    p = page.open("/Treaty_status", wait_for=MAP_DRAWN)
    p.get_by_label("UN regional group").click()  # open the selectbox
    p.get_by_role("option", name="Asia-Pacific").click()
    p.wait_for_url("**group=Asia-Pacific**", timeout=20_000)
    p.wait_for_function(f"() => ({LOCATIONS_JS}).length === 53", timeout=30_000)  # the map has redrawn
    shown = sorted(_locations(p))
    assert len(shown) == 53
    fresh = Page(browser, dashboard["url"])
    try:
        q = fresh.open(p.url.replace(dashboard["url"], ""), wait_for=MAP_DRAWN)
        assert sorted(_locations(q)) == shown
        assert q.get_by_label("UN regional group").input_value() == "Asia-Pacific"
    finally:
        fresh.close()


def test_full_extract_zip_holds_the_tables_and_its_readme(page):
    p = page.open("/Treaty_status?view=Table&group=African")
    with p.expect_download() as info:
        p.get_by_role("button", name="Full extract (zip)").click()
    archive = zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes()))
    assert "README.md" in archive.namelist() and "treaty_status.csv" in archive.namelist()
    readme = archive.read("README.md").decode()
    assert "group=African" in readme and "view=Table" in readme  # the link that reproduces the view
    assert "United Nations Treaty Collection" in readme
    rows = archive.read("treaty_status.csv").decode("utf-8-sig").strip().splitlines()
    assert len(rows) == 1 + 54


@pytest.fixture
def feeds_of_the_app():
    """The running app serves ROOT/static/feeds: keep a developer's own feeds aside while testing."""
    directory = ROOT / "static" / "feeds"
    backup = directory.with_name("feeds.before-test")
    if directory.exists():
        directory.rename(backup)
    yield directory
    shutil.rmtree(directory, ignore_errors=True)
    if backup.exists():
        backup.rename(directory)


def test_the_served_feed_is_atom_and_holds_a_change_a_collector_run_just_found(page, dashboard, tmp_path,
                                                                                 feeds_of_the_app):
    original = (ROOT / "tests/fixtures/untc_status/XVIII-16.format-illustration.xml").read_bytes()
    changed = original.replace(b"<Entry>Angola</Entry>\n              <Entry>25 Oct\t 2025</Entry>\n"
                               b"              <Entry></Entry>",
                               b"<Entry>Angola</Entry>\n              <Entry>25 Oct\t 2025</Entry>\n"
                               b"              <Entry>14 Sep\t 2026</Entry>")
    assert changed != original
    (tmp_path / "robots.txt").write_text("User-agent: *\nAllow: /\n")
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(SimpleHTTPRequestHandler, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    env = {k: v for k, v in dashboard["env"].items() if k != "MONITOR_FEEDS_DIR"}
    try:
        for body in (original, changed):
            (tmp_path / "XVIII-16.en.xml").write_bytes(body)
            done = subprocess.run([sys.executable, "-m", "collectors", "run", "untc_status", "--url",
                                   f"http://127.0.0.1:{server.server_port}/XVIII-16.en.xml"],
                                  cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
            assert done.returncode == 0, done.stderr
    finally:
        server.shutdown()
    response = page.page.request.get(dashboard["url"] + "/app/static/feeds/all.xml")
    assert response.ok
    feed = feedparser.parse(response.body())
    assert feed.version == "atom10" and not feed.bozo
    assert feed.entries[0].title == "Angola deposited its instrument of ratification on 14 Sep 2026"
    angola = page.page.request.get(dashboard["url"] + "/app/static/feeds/AGO.xml")
    assert angola.ok and b"14 Sep 2026" in angola.body()


def test_clicking_a_country_on_the_map_opens_its_profile(page):
    p = page.open("/Treaty_status", wait_for=MAP_DRAWN)
    # a point inside a large country's shape (its bounding-box centre, when that centre hits the shape itself)
    point = p.evaluate("""() => {
        const paths = [...document.querySelectorAll('path.choroplethlocation')];
        const sized = paths.map(e => [e, e.getBoundingClientRect()]).sort((a, b) =>
            b[1].width * b[1].height - a[1].width * a[1].height);
        for (const [element, box] of sized) {
            const x = box.x + box.width / 2, y = box.y + box.height / 2;
            const local = new DOMPoint(x, y).matrixTransform(element.getScreenCTM().inverse());
            if (element.isPointInFill(local)) return {x, y};
        }
        return null;
    }""")
    assert point is not None
    p.mouse.click(point["x"], point["y"])
    p.wait_for_function("() => location.pathname.endsWith('/Country') && location.search.includes('country=')",
                        timeout=30_000)
    p.wait_for_selector("h2", timeout=30_000)  # the country's name heads the profile
    assert page.outside == []
