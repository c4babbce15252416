"""In Chromium: the map draws its countries offline, and the CSV download holds the rows shown."""
import csv
import io

import pytest

from browser_support import MAP_DRAWN

pytestmark = pytest.mark.browser


def _map_locations(page) -> set[str]:
    """The ISO3 codes plotted in the first map, read from the figure in the page."""
    return set(page.evaluate(
        "() => document.querySelector('.js-plotly-plot').data.flatMap(t => t.locations || [])"))


def test_overview_map_draws_countries_without_leaving_the_machine(page):
    p = page.open("/", wait_for=MAP_DRAWN)
    drawn = p.locator(MAP_DRAWN).count()
    assert drawn > 150  # every state with a shape in world_110m
    assert page.outside == [], f"requests left the machine: {page.outside}"
    assert page.errors == []


def test_status_map_download_holds_exactly_the_states_on_the_map(page):
    p = page.open("/Treaty_status?group=African", wait_for=MAP_DRAWN)
    shown = _map_locations(p)
    assert len(shown) == 54
    with p.expect_download() as info:
        p.get_by_role("button", name="Download CSV: states on the map").click()
    raw = open(info.value.path(), "rb").read()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads accents right
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert {r["iso3"] for r in rows} == shown
    assert all(r["source_url"].startswith("https://") and r["retrieved_at"] for r in rows)
    assert any(r["country"] == "Côte d'Ivoire" for r in rows)
    assert page.outside == []
