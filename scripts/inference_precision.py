"""Precision and recall of the headline inference (countries, category) on the hand-labelled sample.

    python scripts/inference_precision.py [path/to/labelled_headlines.csv] [--errors]

The sample (tests/fixtures/ngo_feeds/labelled_headlines.csv) has the columns headline, countries (ISO3
codes joined by ';', empty when none) and category (a key of incident_vocab.CATEGORIES, empty when none).
Countries are scored per code; category per headline, counting only headlines where a category was
predicted (precision) or expected (recall). ``--errors`` lists the headlines the rules get wrong.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from treaty_monitor.inference import infer_category, infer_countries  # noqa: E402

SAMPLE = ROOT / "tests" / "fixtures" / "ngo_feeds" / "labelled_headlines.csv"


def load_sample(path: Path = SAMPLE) -> list[dict]:
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _ratio(numerator: int, denominator: int) -> float:
    return numerator / denominator if denominator else 1.0


def evaluate(sample: list[dict]) -> dict:
    """Scores and the headlines where prediction and label differ."""
    country_hits = country_predicted = country_expected = 0
    category_hits = category_predicted = category_expected = 0
    mistakes = []
    for row in sample:
        expected_countries = {code for code in row["countries"].split(";") if code.strip()}
        predicted_countries = set(infer_countries(row["headline"]))
        country_hits += len(expected_countries & predicted_countries)
        country_predicted += len(predicted_countries)
        country_expected += len(expected_countries)
        expected_category = row["category"].strip() or None
        predicted_category = infer_category(row["headline"])
        category_predicted += predicted_category is not None
        category_expected += expected_category is not None
        category_hits += predicted_category is not None and predicted_category == expected_category
        if expected_countries != predicted_countries or expected_category != predicted_category:
            mistakes.append((row["headline"], sorted(expected_countries), sorted(predicted_countries),
                             expected_category, predicted_category))
    return {
        "headlines": len(sample),
        "country_precision": _ratio(country_hits, country_predicted),
        "country_recall": _ratio(country_hits, country_expected),
        "category_precision": _ratio(category_hits, category_predicted),
        "category_recall": _ratio(category_hits, category_expected),
        "mistakes": mistakes,
    }


def main(argv: list[str]) -> None:
    paths = [arg for arg in argv if not arg.startswith("--")]
    scores = evaluate(load_sample(Path(paths[0]) if paths else SAMPLE))
    print(f"{scores['headlines']} labelled headlines")
    for name in ("country_precision", "country_recall", "category_precision", "category_recall"):
        print(f"{name.replace('_', ' '):20} {scores[name]:.2f}")
    if "--errors" in argv:
        for headline, expected, got, expected_category, got_category in scores["mistakes"]:
            print(f"- {headline}\n    countries {expected} -> {got}; category {expected_category} -> {got_category}")


if __name__ == "__main__":
    main(sys.argv[1:])
