"""Headline inference: countries, category, target group; and its precision on the labelled sample."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from treaty_monitor import incident_vocab
from treaty_monitor.inference import CATEGORY_RULES, infer_category, infer_countries, infer_target_group

ROOT = Path(__file__).resolve().parent.parent


def load_precision_script():
    spec = importlib.util.spec_from_file_location("inference_precision", ROOT / "scripts" / "inference_precision.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("headline, expected", [
    ("Niger junta suspends broadcasters as Nigeria watches", ["NER", "NGA"]),
    ("Nigerian blogger detained in Lagos", ["NGA"]),
    ("Papua New Guinea tests a Facebook ban", ["PNG"]),
    ("Equatorial Guinea and Guinea-Bissau sign data deal", ["GNQ", "GNB"]),
    ("Guinea: opposition activists arrested", ["GIN"]),
    ("Indiana passes social media age law", []),
    ("Indian police detain fact-checker", ["IND"]),
    ("Egyptian researcher held for 500 days", ["EGY"]),
    ("South Sudan and Sudan restrict social media", ["SSD", "SDN"]),
    ("Côte d’Ivoire blogger sentenced", ["CIV"]),
    ("Türkiye detains journalists over earthquake posts", ["TUR"]),
    ("US and UK sign data access agreement", ["USA", "GBR"]),
    ("Tell us what you think about our report", []),
    ("Cook the turkey and polish the chad", []),
    ("New Jersey court rules on geofence warrants", []),
    ("", []),
])
def test_infer_countries_matches_whole_names_only(headline, expected):
    assert infer_countries(headline) == expected


@pytest.mark.parametrize("headline, expected", [
    ("Ethiopia: internet shutdown in Amhara enters third month", "shutdown"),
    ("Iran throttles mobile data as protests spread", "shutdown"),
    ("Senegal cuts mobile internet as opposition leader is sentenced", "shutdown"),
    ("Jordan's new cybercrime law threatens free expression", "legislation"),
    ("Thai court sentences activist to 28 years", "prosecution"),
    ("Turkey detains dozens over social media posts", "arrest"),
    ("Pegasus spyware found on activists' phones", "surveillance"),
    ("Russia fines search engines and bans VPN services", "blocking"),
    ("EU e-evidence regulation enters into force", "data_request"),
    ("Journalists harassed after reporting on corruption", "harassment"),
    ("Billion-dollar courtesy visit by delegates", None),  # no 'bill' or 'court' inside longer words
    ("Report: the state of digital rights in 2025", None),
    (None, None),
])
def test_infer_category(headline, expected):
    assert infer_category(headline) == expected


@pytest.mark.parametrize("text, expected", [
    ("Blogger detained over posts", "journalist"),
    ("Human rights defenders targeted", "hrd"),
    ("LGBTQ+ activists arrested at rally", "lgbtq"),
    ("Ethnic minorities, Religious minorities", "minority"),
    ("Opposition candidates' phones hacked", "opposition"),
    ("Security researchers sued", "researcher"),
    ("Weather report", None),
])
def test_infer_target_group(text, expected):
    assert infer_target_group(text) == expected


def test_every_rule_category_is_in_the_vocabulary():
    assert set(CATEGORY_RULES) == set(incident_vocab.CATEGORIES)


def test_precision_and_recall_on_the_labelled_headlines_stay_above_the_floor():
    script = load_precision_script()
    sample = script.load_sample()
    assert len(sample) >= 50
    scores = script.evaluate(sample)
    assert scores["country_precision"] >= 0.9
    assert scores["country_recall"] >= 0.85
    assert scores["category_precision"] >= 0.85
    assert scores["category_recall"] >= 0.75


def test_vocabulary_parses_keys_and_labels_leniently():
    assert incident_vocab.parse_category("Internet shutdown or throttling") == "shutdown"
    assert incident_vocab.parse_category("  ARREST ") == "arrest"
    assert incident_vocab.parse_category("data request") == "data_request"
    assert incident_vocab.parse_category("riot") is None
    assert incident_vocab.parse_target_group("Human-Rights Defender") == "hrd"
    assert incident_vocab.parse_target_group("LGBTQ+") == "lgbtq"
    assert incident_vocab.parse_target_group("general public") == "general_public"
    assert incident_vocab.parse_verification("Confirmed") == "confirmed"
    assert incident_vocab.parse_date_precision("MONTH") == "month"
    assert incident_vocab.parse_stream("NGO feeds") == "ngo_feeds"
    assert incident_vocab.parse_verification(None) is None


def test_split_urls_keeps_only_http_links():
    urls, rejected = incident_vocab.split_urls("https://a.org/1;https://b.org/2\n http://c.org  javascript:x https://a.org/1")
    assert urls == ["https://a.org/1", "https://b.org/2", "http://c.org"]
    assert rejected == ["javascript:x"]
