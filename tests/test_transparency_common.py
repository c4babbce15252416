"""Number and period reading shared by the transparency-report parsers."""
from datetime import date

import pytest

from collectors.transparency_common import (
    Figure, ValueProblem, parse_count, parse_percent, parse_period, period_from_url,
)


@pytest.mark.parametrize("raw, expected", [
    ("1,975", Figure(value=1975)),
    (" 42 ", Figure(value=42)),
    (1178.0, Figure(value=1178)),
    ("11,000 - 12,000", Figure(low=11000, high=12000)),
    ("0-249", Figure(low=0, high=249)),
    ("1000 - 1,999", Figure(low=1000, high=1999)),
    ("<10", Figure(low=0, high=9, bound="<10")),
    ("6*", Figure(value=6)),
])
def test_counts_keep_what_was_published(raw, expected):
    assert parse_count(raw) == expected


@pytest.mark.parametrize("marker", [" -", "-", "N/A", "", None, "?"])
def test_not_reported_is_missing_not_zero(marker):
    figure = parse_count(marker)
    assert figure.missing and figure.value is None


def test_a_range_is_never_a_point():
    figure = parse_count("20,000 - 21,000")
    assert figure.value is None
    assert figure.columns("accounts") == {"accounts": None, "accounts_low": 20000,
                                          "accounts_high": 21000, "accounts_bound": None}


def test_text_that_is_no_count_is_refused():
    with pytest.raises(ValueProblem):
        parse_count("see note")
    with pytest.raises(ValueProblem):
        parse_count(20.142857)


def test_percentages():
    assert parse_percent("59%") == 59.0
    assert parse_percent("81") == 81.0
    assert parse_percent(0.4713, fraction=True) == 47.13
    assert parse_percent(" -") is None


@pytest.mark.parametrize("label, start, end", [
    ("2023-06-30", date(2023, 1, 1), date(2023, 6, 30)),
    ("2021-07-01", date(2021, 7, 1), date(2021, 12, 31)),
    ("2013 H1", date(2013, 1, 1), date(2013, 6, 30)),
    ("2022-H1", date(2022, 1, 1), date(2022, 6, 30)),
    ("Jul-Dec 2022", date(2022, 7, 1), date(2022, 12, 31)),
    ("January - June 2017", date(2017, 1, 1), date(2017, 6, 30)),
    ("Requests received for all Microsoft Services from July to December 2021",
     date(2021, 7, 1), date(2021, 12, 31)),
    ("Requests received for all Microsoft Services from January – June, 2014",
     date(2014, 1, 1), date(2014, 6, 30)),
])
def test_half_year_labels(label, start, end):
    period = parse_period(label)
    assert (period.start, period.end) == (start, end)


def test_half_year_from_file_names():
    assert period_from_url("file:///x/PRPL-Facebook-Government-Report-2019_H2.csv").end == \
        date(2019, 12, 31)
    assert period_from_url("https://cdn/Microsoft-LERR-2022-H1").end == date(2022, 6, 30)
    assert period_from_url("https://x/2023H1_raw_data_law_English.csv").start == date(2023, 1, 1)
    assert period_from_url("https://x/Snap_H1_2022_TR.csv").end == date(2022, 6, 30)
    assert period_from_url("https://x/report.csv") is None
    assert parse_period("Law Enforcement Requests Report 2017") is None
