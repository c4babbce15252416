"""The review of leads in the core: confirm, reject, correct, the decision log and the in-app import."""
import json
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from review_support import load_leads
from treaty_monitor import review, schema

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "incident_import"
REVIEWER = "admin (Ana)"


@pytest.fixture
def leads(engine) -> dict[str, str]:
    """The fixture feed's leads in a migrated database (countries loaded; both backends)."""
    return load_leads(engine)


@pytest.fixture
def seeded_leads(seeded_engine) -> dict[str, str]:
    """The same leads on top of the bundled snapshot, as on a first start (loading the seed is slow: two tests)."""
    return load_leads(seeded_engine)


def _rows(engine, table, **where) -> list[dict]:
    t = schema.table(table)
    query = sa.select(t).where(*(t.c[k] == v for k, v in where.items()))
    with engine.connect() as conn:
        return [dict(r) for r in conn.execute(query).mappings()]


def test_the_queue_lists_pending_leads_newest_first_with_their_report(seeded_engine, seeded_leads):
    leads = seeded_leads
    queue = review.pending_leads(seeded_engine)
    mine = queue[queue["lead_key"].isin(list(leads.values()))]
    assert list(mine["iso3"]) == ["PAK", "JOR", "ETH", "EGY"]
    egypt = mine[mine["iso3"] == "EGY"].iloc[0]
    assert egypt["title"] == "Egypt: Blogger Detained Over Posts Criticising Price Rises"
    assert egypt["organisation"] == "Human Rights Watch" and egypt["category"] == "arrest"
    assert egypt["url"] == "https://www.hrw.org/news/2025/03/04/egypt-blogger-detained"
    assert str(egypt["date"]) == "2025-03-04" and egypt["country"] == "Egypt"


def test_confirm_creates_one_incident_links_the_report_records_the_decision_and_an_event(seeded_engine, seeded_leads,
                                                                                          tmp_path):
    leads = seeded_leads
    key = review.confirm_lead(seeded_engine, leads["EGY"], REVIEWER)
    [incident] = _rows(seeded_engine, "incidents", incident_key=key)
    assert incident["source_id"] == "analyst_review" and incident["stream"] == "ngo_feeds"
    assert incident["verification"] == "confirmed" and incident["lead_key"] == leads["EGY"]
    assert (incident["iso3"], incident["category"]) == ("EGY", "arrest")
    assert str(incident["start_date"]) == "2025-03-04" and incident["date_precision"] == "day"
    assert incident["summary"] == "Egypt: Blogger Detained Over Posts Criticising Price Rises"
    assert incident["source_urls"] == "https://www.hrw.org/news/2025/03/04/egypt-blogger-detained"
    assert incident["source_org"] == "Human Rights Watch" and incident["recorded_by"] == REVIEWER

    [decision] = _rows(seeded_engine, "review_decisions", lead_key=leads["EGY"])
    assert decision["decision"] == "confirm" and decision["decided_by"] == REVIEWER
    assert decision["decided_at"] is not None and decision["incident_key"] == key
    assert json.loads(decision["changes"]) == {"verification": ["lead", "confirmed"]}

    [link] = _rows(seeded_engine, "report_incidents", incident_key=key)
    [lead] = _rows(seeded_engine, "leads", lead_key=leads["EGY"])
    assert link["report_key"] == lead["report_key"] and link["linked_by"] == REVIEWER

    [event] = _rows(seeded_engine, "change_events", source_id="analyst_review")
    assert event["summary"] == "New confirmed incident: Egypt: Blogger Detained Over Posts Criticising Price Rises"
    assert event["iso3"] == "EGY" and event["record_key"] == key and event["kind"] == "added"
    feed = (tmp_path / "feeds" / "EGY.xml").read_text(encoding="utf-8")  # MONITOR_FEEDS_DIR (conftest)
    assert "New confirmed incident: Egypt" in feed

    assert leads["EGY"] not in set(review.pending_leads(seeded_engine)["lead_key"])
    with pytest.raises(review.AlreadyDecided, match="already confirmed by admin \\(Ana\\)"):
        review.confirm_lead(seeded_engine, leads["EGY"], "someone else")
    assert len(_rows(seeded_engine, "incidents", lead_key=leads["EGY"])) == 1
    assert len(_rows(seeded_engine, "review_decisions", lead_key=leads["EGY"])) == 1


def test_confirm_with_corrections_records_what_changed(engine, leads):
    key = review.confirm_lead(engine, leads["JOR"], REVIEWER, {"iso3": "PSE", "category": "arrest"})
    [incident] = _rows(engine, "incidents", incident_key=key)
    assert (incident["iso3"], incident["category"], incident["country_name"]) == ("PSE", "arrest", "State of Palestine")
    [decision] = _rows(engine, "review_decisions", lead_key=leads["JOR"])
    assert json.loads(decision["changes"]) == {"iso3": ["JOR", "PSE"], "category": ["prosecution", "arrest"],
                                               "verification": ["lead", "confirmed"]}


def test_a_confirmation_moves_the_data_version(engine, leads):
    from treaty_monitor import queries
    before = queries.data_version(engine)
    review.confirm_lead(engine, leads["PAK"], REVIEWER)
    assert queries.data_version(engine) != before
    [run] = [r for r in _rows(engine, "collector_runs", source_id="analyst_review")]
    assert run["trigger"] == "review" and run["run_by"] == REVIEWER and run["status"] == "success"


def test_reject_records_the_decision_and_the_lead_leaves_the_queue(engine, leads):
    review.reject_lead(engine, leads["ETH"], REVIEWER)
    [decision] = _rows(engine, "review_decisions", lead_key=leads["ETH"])
    assert (decision["decision"], decision["decided_by"]) == ("reject", REVIEWER)
    assert json.loads(decision["changes"]) == {"verification": ["lead", "rejected"]}
    assert leads["ETH"] not in set(review.pending_leads(engine)["lead_key"])
    assert not _rows(engine, "incidents", lead_key=leads["ETH"])
    with pytest.raises(review.AlreadyDecided):
        review.confirm_lead(engine, leads["ETH"], REVIEWER)
    assert not _rows(engine, "incidents", lead_key=leads["ETH"])


def test_correct_updates_the_lead_which_stays_pending_and_survives_a_collector_rerun(engine, leads):
    changes = review.correct_lead(engine, leads["JOR"], REVIEWER, iso3="PSE", category="arrest")
    assert changes == {"iso3": ["JOR", "PSE"], "category": ["prosecution", "arrest"]}
    [lead] = _rows(engine, "leads", lead_key=leads["JOR"])
    assert (lead["iso3"], lead["category"], lead["country_name"]) == ("PSE", "arrest", "State of Palestine")
    [decision] = _rows(engine, "review_decisions", lead_key=leads["JOR"])
    assert decision["decision"] == "correct" and decision["decided_by"] == REVIEWER
    assert json.loads(decision["changes"]) == changes
    assert review.correct_lead(engine, leads["JOR"], REVIEWER, iso3="PSE") == {}  # nothing new: nothing recorded
    assert len(_rows(engine, "review_decisions", lead_key=leads["JOR"])) == 1

    load_leads(engine)  # the next feed run rewrites the lead from the feed...
    queue = review.pending_leads(engine).set_index("lead_key")
    assert queue.loc[leads["JOR"], "iso3"] == "PSE" and bool(queue.loc[leads["JOR"], "corrected"])  # ...the fix holds
    key = review.confirm_lead(engine, leads["JOR"], REVIEWER)
    assert _rows(engine, "incidents", incident_key=key)[0]["iso3"] == "PSE"


@pytest.mark.parametrize("reviewer", ["", "   ", None])
def test_every_write_refuses_an_empty_reviewer_and_writes_nothing(engine, leads, reviewer):
    for action in (lambda: review.confirm_lead(engine, leads["EGY"], reviewer),
                   lambda: review.reject_lead(engine, leads["EGY"], reviewer),
                   lambda: review.correct_lead(engine, leads["EGY"], reviewer, category="prosecution")):
        with pytest.raises(review.ReviewError, match="no reviewer"):
            action()
    assert not _rows(engine, "review_decisions") and not _rows(engine, "incidents", lead_key=leads["EGY"])
    check = review.check_upload((FIXTURES / "analyst_good.csv").read_bytes(), "analyst_good.csv")
    with pytest.raises(review.ReviewError):
        review.import_upload(engine, check, reviewer)


@pytest.mark.parametrize("corrections, message", [
    ({"iso3": "XXX"}, "not a known country"), ({"category": "riot"}, "not an incident category"),
    ({"summary": "edited"}, "only the country"),
])
def test_invalid_corrections_are_refused(engine, leads, corrections, message):
    with pytest.raises(review.ReviewError, match=message):
        review.confirm_lead(engine, leads["EGY"], REVIEWER, corrections)
    assert not _rows(engine, "review_decisions")


def test_an_unknown_lead_is_refused(engine, leads):
    with pytest.raises(review.ReviewError, match="no lead"):
        review.reject_lead(engine, "0" * 20, REVIEWER)


def test_the_decision_log_says_who_when_and_what(engine, leads):
    review.correct_lead(engine, leads["EGY"], "admin (Bo)", category="prosecution")
    review.confirm_lead(engine, leads["EGY"], REVIEWER)
    review.reject_lead(engine, leads["ETH"], REVIEWER)
    log = review.decisions(engine)
    assert list(log["decision"]) == ["reject", "confirm", "correct"]
    assert list(log["decided_by"]) == [REVIEWER, REVIEWER, "admin (Bo)"]
    assert log.iloc[2]["what_changed"] == "category: arrest → prosecution"
    assert log.iloc[1]["title"].startswith("Egypt: Blogger Detained") and log["decided_at"].notna().all()


def test_markdown_in_source_text_is_escaped():
    shown = review.escape_markdown("Jordan **[read more](javascript:alert(1))** <b>x</b> :red[y]")
    assert "[read more](" not in shown and "<b>" not in shown and ":red[" not in shown
    assert shown.replace("\\", "") == "Jordan **[read more](javascript:alert(1))** <b>x</b> :red[y]"


# ---- the in-app import ------------------------------------------------------------------------------------

def test_a_good_upload_is_checked_then_imported_once(engine):
    content = (FIXTURES / "analyst_good.csv").read_bytes()
    check = review.check_upload(content, "analyst_good.csv")
    assert check.ok and len(check.rows) == 5 and list(check.preview()["iso3"])[:2] == ["JOR", "VNM"]
    counts = review.import_upload(engine, check, REVIEWER)
    assert counts.new == 5
    stored = _rows(engine, "incidents", source_id="analyst_import")
    assert len(stored) == 5 and {r["recorded_by"] for r in stored} == {REVIEWER}
    again = review.import_upload(engine, review.check_upload(content, "analyst_good.csv"), "admin (Bo)")
    assert again.new == 0 and len(_rows(engine, "incidents", source_id="analyst_import")) == 5


def test_a_bad_upload_lists_errors_by_line_and_column_and_cannot_be_imported(engine):
    check = review.check_upload((FIXTURES / "analyst_errors.csv").read_bytes(), "analyst_errors.csv")
    assert not check.ok and check.rows  # some lines are fine, but the file has errors
    assert "line 2, column country: 'Atlantis' is not a known country" in check.errors[0]
    assert any(e.startswith("line 7, column source_url") for e in check.errors)
    with pytest.raises(review.ReviewError, match="nothing is imported"):
        review.import_upload(engine, check, REVIEWER)
    assert not _rows(engine, "incidents", source_id="analyst_import")


def test_an_oversized_or_foreign_upload_is_refused_before_parsing(monkeypatch):
    monkeypatch.setattr(review, "UPLOAD_MAX_BYTES", 100)
    assert "more than" in review.check_upload(b"x" * 101, "big.csv").errors[0]
    assert "PDF" in review.check_upload(b"%PDF-1.7 ...", "report.pdf").errors[0]
    assert review.check_upload(b"%PDF", "../../etc/passwd").filename == "passwd"


def test_pending_leads_is_a_frame_with_provenance(engine, leads):
    queue = review.pending_leads(engine)
    assert isinstance(queue, pd.DataFrame) and {"source_url", "retrieved_at"} <= set(queue.columns)
