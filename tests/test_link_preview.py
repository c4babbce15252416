"""Link previews: page URLs answer with their own title, description and Open Graph tags."""
import urllib.request

import pytest

from treaty_monitor import link_preview


def test_preview_names_the_country_of_a_profile_link():
    title, description = link_preview.preview_for("/Country", "country=civ")
    assert title == "Côte d'Ivoire: country profile · Cybercrime Treaty Monitor"
    assert description.startswith("Côte d'Ivoire and the UN Convention against Cybercrime")


def test_unknown_pages_and_odd_parameters_fall_back_to_the_overview():
    assert link_preview.preview_for("/Nowhere", "country=<x>")[0] == "Overview · Cybercrime Treaty Monitor"
    assert link_preview.preview_for("/Country", "country=%3Cscript%3E")[0].startswith("Country profile")


def test_rewrite_escapes_and_replaces_only_the_title():
    page = "<html><head><title>Streamlit</title></head><body><title>x</title></body></html>"
    out = link_preview.rewrite(page, 'A "quoted" <title>', "desc & more")
    assert out.count("<title>") == 2 and "Streamlit" not in out
    assert 'content="desc &amp; more"' in out and "&lt;title&gt;" in out


@pytest.mark.browser
def test_the_running_app_serves_previews(dashboard):
    with urllib.request.urlopen(dashboard["url"] + "/Treaty_status?group=African", timeout=10) as r:
        page = r.read().decode()
    assert "<title>Treaty status · Cybercrime Treaty Monitor</title>" in page
    assert '<meta property="og:description" content="Signatures, ratifications' in page
    with urllib.request.urlopen(dashboard["url"] + "/app/static/maps/world_110m.json", timeout=10) as r:
        assert r.read(1) == b"{"  # static files pass through untouched
