"""AppTest: the review page. Without a login there is no write path, not even through crafted URLs; with one,
leads are confirmed, rejected and corrected, and analysts' files are checked and imported."""
from pathlib import Path

import pytest
import sqlalchemy as sa

from review_support import load_leads
from support import open_page
from treaty_monitor import auth, db, schema

PAGE = "pages/8_Review.py"
PASSWORD = "correct horse battery staple"
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "incident_import"


@pytest.fixture(scope="module")
def password_hash() -> str:
    return auth.hash_password(PASSWORD)


@pytest.fixture
def engine(app_db):  # noqa: F811  (the page's own database, not conftest's empty one)
    return db.get_engine(app_db)


@pytest.fixture
def leads(engine) -> dict[str, str]:
    return load_leads(engine)


@pytest.fixture
def with_password(monkeypatch, password_hash):
    monkeypatch.setenv(auth.ENV_HASH, password_hash)


@pytest.fixture
def no_password(monkeypatch):
    monkeypatch.delenv(auth.ENV_HASH, raising=False)
    monkeypatch.delenv(auth.ENV_REVIEWERS, raising=False)


def _count(engine, table: str, **where) -> int:
    t = schema.table(table)
    with engine.connect() as conn:
        return conn.execute(sa.select(sa.func.count()).select_from(t)
                            .where(*(t.c[k] == v for k, v in where.items()))).scalar()


def _write_widgets(at) -> list[str]:
    """Every widget that could lead to a write, other than the login form itself."""
    found = [b.label for b in at.button if b.key != "oidc_login" and b.label != "Log in"]
    found += [b.label for b in at.get("form_submit_button") if b.label != "Log in"]
    found += [f"download {d.label}" for d in at.get("download_button")]
    found += [f"uploader {u.label}" for u in at.get("file_uploader")]
    found += [f"selectbox {s.label}" for s in at.selectbox]
    found += [f"tab {t.label}" for t in at.tabs]
    return found


def _frame_with(at, column: str):
    """The dataframe that has ``column`` (dataframes carry no key in AppTest)."""
    return next(d.value for d in at.dataframe if column in d.value.columns)


def _login(at, password=PASSWORD, name="Ana"):
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password)
    return _submit_login(at)


def _submit_login(at):
    [button] = [b for b in at.get("form_submit_button") if b.label == "Log in"]
    return button.click().run()


CRAFTED = {"confirm": "", "admin": "1", "reviewer": "admin", "logged_in": "true", "reject": "", "page": "Review"}


@pytest.mark.usefixtures("no_password")
def test_without_a_password_the_page_is_read_only_even_with_crafted_urls(engine, leads):
    params = CRAFTED | {"confirm": leads["EGY"], "reject": leads["ETH"]}
    at = open_page(PAGE, **params)
    assert not at.exception
    assert any("No admin password configured: the dashboard is read-only" in i.value for i in at.info)
    assert _write_widgets(at) == [] and not at.text_input  # not even a login form
    assert _count(engine, "review_decisions") == 0 and _count(engine, "incidents", source_id="analyst_review") == 0


@pytest.mark.usefixtures("with_password")
def test_with_a_password_but_no_login_only_the_login_form_shows(engine, leads):
    at = open_page(PAGE, **(CRAFTED | {"confirm": leads["EGY"]}))
    assert not at.exception
    assert [t.label for t in at.text_input] == ["Your name (recorded with your decisions)", "Admin password"]
    assert _write_widgets(at) == []
    assert not any("Egypt" in m.value for m in at.markdown)  # no lead is shown either
    assert _count(engine, "review_decisions") == 0 and _count(engine, "login_attempts") == 0


@pytest.mark.usefixtures("with_password")
def test_a_wrong_password_is_refused(engine, leads):
    at = _login(open_page(PAGE), password="not the password")
    assert not at.exception
    assert any(e.value == "Wrong password." for e in at.error)
    assert _write_widgets(at) == []
    assert _count(engine, "login_attempts", succeeded=False) == 1


@pytest.mark.usefixtures("with_password")
def test_after_five_failures_the_login_is_locked_with_the_wait(engine, leads):
    at = open_page(PAGE)
    for attempt in range(auth.CLIENT_LIMIT):
        at = _login(at, password=f"guess {attempt}")
    assert any("Too many failed login attempts. Try again in 15 minutes." in e.value for e in at.error)
    at = open_page(PAGE)  # a reload: still locked, the button disabled
    [button] = [b for b in at.get("form_submit_button") if b.label == "Log in"]
    assert button.disabled
    assert _count(engine, "login_attempts", succeeded=False) == auth.CLIENT_LIMIT
    assert len(_clients(engine)) == 1


def _clients(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.execute(sa.select(schema.login_attempts.c.client)).scalars())


@pytest.mark.usefixtures("with_password")
def test_a_locked_session_cannot_log_in_even_with_the_right_password(engine, leads):
    at = open_page(PAGE)
    for attempt in range(auth.CLIENT_LIMIT):
        at = _login(at, password=f"guess {attempt}")
    at = at.run()  # the next run renders the form locked
    [button] = [b for b in at.get("form_submit_button") if b.label == "Log in"]
    assert button.disabled
    assert any("Too many failed login attempts" in e.value for e in at.error) and _write_widgets(at) == []
    # a forged click would reach attempt_login with this session as the client: refused, password unchecked
    [client] = {c for c in _clients(engine)}
    result = auth.attempt_login(engine, client, PASSWORD)
    assert not result.ok and "Too many failed login attempts" in result.message
    assert _count(engine, "login_attempts", succeeded=True) == 0


@pytest.mark.usefixtures("with_password")
def test_review_flow_confirm_reject_correct_then_log_out(engine, leads):
    at = _login(open_page(PAGE))
    assert not at.exception
    assert any(m.value == ":material/person: Logged in as **admin \\(Ana\\)**" for m in at.markdown)
    assert [t.label for t in at.tabs] == ["Review queue", "Import an analyst file", "Decision log"]
    assert any(m.value == "**4 leads waiting for review.**" for m in at.markdown)
    # source text is shown escaped: the markdown link in the Jordan headline stays text
    assert any("\\[read more\\]\\(javascript\\:alert\\(1\\)\\)" in m.value for m in at.markdown)
    assert not any(b.url.startswith("javascript") for b in at.get("link_button"))

    at = at.button(key=f"confirm_{leads['EGY']}").click().run()
    assert not at.exception
    assert any(s.value.startswith("Confirmed: Egypt") for s in at.success)
    assert _count(engine, "incidents", lead_key=leads["EGY"], verification="confirmed") == 1
    assert _count(engine, "review_decisions", lead_key=leads["EGY"], decision="confirm", decided_by="admin (Ana)") == 1

    at = at.button(key=f"reject_{leads['ETH']}").click().run()
    assert any(s.value.startswith("Rejected: Ethiopia") for s in at.success)
    assert _count(engine, "review_decisions", lead_key=leads["ETH"], decision="reject") == 1
    assert _count(engine, "incidents", lead_key=leads["ETH"]) == 0

    at.selectbox(key=f"iso3_{leads['JOR']}").set_value("PSE")
    at.selectbox(key=f"category_{leads['JOR']}").set_value("arrest")
    at = at.button(key=f"correct_{leads['JOR']}").click().run()
    assert any(s.value.startswith("Corrected: Jordan") for s in at.success)
    with engine.connect() as conn:
        lead = conn.execute(sa.select(schema.leads).where(schema.leads.c.lead_key == leads["JOR"])).mappings().one()
    assert (lead["iso3"], lead["category"]) == ("PSE", "arrest")
    assert _count(engine, "review_decisions", lead_key=leads["JOR"], decision="correct") == 1
    assert at.selectbox(key=f"iso3_{leads['JOR']}").value == "PSE"  # still in the queue, corrected

    log = _frame_with(at, "decided_by")
    assert list(log["decision"]) == ["correct", "reject", "confirm"]
    assert set(log["decided_by"]) == {"admin (Ana)"} and "iso3: JOR → PSE" in log.iloc[0]["what_changed"]

    at = at.button(key="logout").click().run()
    assert _write_widgets(at) == [] and at.text_input(key="login_password")


@pytest.mark.usefixtures("with_password")
def test_confirming_with_a_changed_category_records_the_correction(engine, leads):
    at = _login(open_page(PAGE))
    at.selectbox(key=f"category_{leads['PAK']}").set_value("prosecution")
    at = at.button(key=f"confirm_{leads['PAK']}").click().run()
    with engine.connect() as conn:
        incident = conn.execute(sa.select(schema.incidents).where(schema.incidents.c.lead_key == leads["PAK"])).mappings().one()
    assert incident["category"] == "prosecution" and incident["iso3"] == "PAK"


@pytest.mark.usefixtures("with_password")
def test_upload_of_a_good_file_previews_then_imports(engine, leads):
    at = _login(open_page(PAGE))
    assert at.download_button(key="dl_template") is not None
    content = (FIXTURES / "analyst_good.csv").read_bytes()
    at = at.file_uploader(key="upload").upload("analyst_good.csv", content, "text/csv").run()
    assert not at.exception
    assert any("5 valid incident lines" in s.value for s in at.success)
    assert len(_frame_with(at, "summary")) == 5
    assert _count(engine, "incidents", source_id="analyst_import") == 0  # nothing before the button
    at = at.button(key="import").click().run()
    assert at.button(key="import").label == "Import 5 incidents"
    assert any("5 new, 0 updated, 0 already stored" in s.value for s in at.success)
    assert _count(engine, "incidents", source_id="analyst_import", recorded_by="admin (Ana)") == 5
    at = at.button(key="import").click().run()  # the same file again adds nothing
    assert any("0 new, 0 updated, 5 already stored" in s.value for s in at.success)
    assert _count(engine, "incidents", source_id="analyst_import") == 5


@pytest.mark.usefixtures("with_password")
def test_upload_of_a_bad_file_lists_errors_and_offers_no_import(engine, leads):
    at = _login(open_page(PAGE))
    content = (FIXTURES / "analyst_errors.csv").read_bytes()
    at = at.file_uploader(key="upload").upload("analyst_errors.csv", content, "text/csv").run()
    assert not at.exception
    assert any("nothing was imported" in e.value for e in at.error)
    problems = list(_frame_with(at, "problem")["problem"])
    assert problems[0].startswith("line 2, column country: 'Atlantis'")
    assert not [b for b in at.button if b.key == "import"]
    assert _count(engine, "incidents", source_id="analyst_import") == 0


@pytest.mark.usefixtures("no_password")
def test_oidc_offers_the_login_button_and_nothing_else(engine, leads):
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(Path(__file__).resolve().parent.parent / PAGE), default_timeout=60)
    at.secrets["auth"] = {"redirect_uri": "http://localhost:8501/oauth2callback", "cookie_secret": "x" * 32,
                          "client_id": "id", "client_secret": "secret",
                          "server_metadata_url": "https://login.example.org/.well-known/openid-configuration"}
    at.secrets["reviewers"] = "ana@example.org"
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Log in with your organisation's account"]
    assert _write_widgets(at) == [] and not at.text_input
