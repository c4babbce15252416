"""Every public page offers CSV downloads, a full extract of the same tables, and a link to copy."""
import pytest

from support import open_page

pytestmark = pytest.mark.usefixtures("app_db")

PUBLIC_PAGES = [
    ("dashboard.py", {}), ("pages/1_Treaty_status.py", {"view": "Domestic law"}),
    ("pages/2_UN_sessions.py", {"view": "Votes"}), ("pages/3_Incidents.py", {"view": "Table"}),
    ("pages/4_Data_requests.py", {}), ("pages/5_Country.py", {"country": "IND"}),
    ("pages/6_Compare.py", {"countries": "IND,EGY"}), ("pages/7_Data_sources.py", {}),
]


def _labels(at) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


@pytest.mark.parametrize("script,params", PUBLIC_PAGES)
def test_page_offers_csv_downloads_and_the_full_extract(script, params):
    at = open_page(script, **params)
    assert not at.exception
    labels = _labels(at)
    assert any(label.startswith("Download CSV") for label in labels), labels
    assert "Full extract (zip)" in labels
    assert any(p.proto.popover.label == "Copy link to this view" for p in at.get("popover"))


def test_the_extract_collects_exactly_the_tables_offered_for_download():
    at = open_page("pages/1_Treaty_status.py", view="Domestic law")
    view = at.session_state["_view_tables"]
    assert list(view["tables"]) == ["treaty status by law status", "states with law status"]
    assert view["sources"] == ["untc_status", "unctad_cyberlaw"]
    assert all({"source_url", "retrieved_at"} <= set(t.columns) for t in view["tables"].values())
