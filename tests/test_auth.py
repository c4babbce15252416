"""The admin login: scrypt hashes, constant-time comparison, rate-limited attempts, read-only without a password."""
import io
from datetime import timedelta

import pytest

from treaty_monitor import auth

PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def password_hash() -> str:
    return auth.hash_password(PASSWORD)


@pytest.fixture
def configured(monkeypatch, password_hash) -> str:
    monkeypatch.setenv(auth.ENV_HASH, password_hash)
    return password_hash


def test_hash_format_and_verification(password_hash):
    scheme, n, r, p, salt, digest = password_hash.split("$")
    assert (scheme, n, r, p) == ("scrypt", str(auth.SCRYPT_N), str(auth.SCRYPT_R), str(auth.SCRYPT_P))
    assert PASSWORD not in password_hash
    assert auth.verify_password(PASSWORD, password_hash)
    assert auth.hash_password(PASSWORD) != password_hash  # a fresh salt per hash


@pytest.mark.parametrize("attempt", ["", "correct horse battery stapl", PASSWORD.upper(), PASSWORD + " "])
def test_a_wrong_password_does_not_verify(password_hash, attempt):
    assert not auth.verify_password(attempt, password_hash)


@pytest.mark.parametrize("encoded", ["", "plain-text-password", "pbkdf2$1$2$3$AA==$AA==", "scrypt$3$8$1$AA==$AA==",
                                     "scrypt$16384$8$1$not base64$AA=="])
def test_a_malformed_hash_never_verifies(encoded):
    assert not auth.verify_password(PASSWORD, encoded)


def test_the_digests_are_compared_in_constant_time(password_hash, monkeypatch):
    calls = []
    real = auth.hmac.compare_digest
    monkeypatch.setattr(auth.hmac, "compare_digest", lambda a, b: calls.append((a, b)) or real(a, b))
    assert auth.verify_password(PASSWORD, password_hash)
    assert not auth.verify_password("guess", password_hash)
    assert len(calls) == 2 and all(isinstance(a, bytes) and len(a) == auth.HASH_BYTES for a, _ in calls)


def test_without_a_configured_password_writing_is_disabled(engine, monkeypatch):
    monkeypatch.delenv(auth.ENV_HASH, raising=False)
    assert auth.configured_hash() is None and not auth.writing_enabled()
    result = auth.attempt_login(engine, "ip:10.0.0.1", PASSWORD)
    assert not result.ok and result.message == auth.READ_ONLY_MESSAGE
    assert "read-only" in auth.READ_ONLY_MESSAGE


def test_a_hash_that_cannot_be_read_disables_password_login(engine, monkeypatch):
    monkeypatch.setenv(auth.ENV_HASH, "hunter2")  # someone put the password itself in the variable
    creds = auth.credentials()
    assert creds.password_hash is None and "cannot be used" in creds.hash_problem and not creds.any
    assert not auth.attempt_login(engine, "ip:10.0.0.1", "hunter2").ok


def test_right_password_logs_in_and_is_recorded(engine, configured):
    result = auth.attempt_login(engine, "ip:10.0.0.1", PASSWORD)
    assert result.ok
    with engine.connect() as conn:
        rows = conn.execute(auth.schema.login_attempts.select()).mappings().all()
    assert [(r["client"], r["succeeded"]) for r in rows] == [("ip:10.0.0.1", True)]


def test_rate_limit_per_client_with_the_wait_message(engine, configured):
    now = auth.utcnow()
    for i in range(auth.CLIENT_LIMIT):
        result = auth.attempt_login(engine, "ip:10.0.0.1", f"guess {i}", now=now + timedelta(seconds=i))
        assert not result.ok and result.message.startswith("Wrong password.")
    assert "Try again in 15 minutes" in result.message
    later = now + timedelta(seconds=30)
    locked = auth.attempt_login(engine, "ip:10.0.0.1", PASSWORD, now=later)  # even the right password
    assert not locked.ok and locked.message == "Too many failed login attempts. Try again in 15 minutes."
    assert 0 < locked.wait_seconds <= 15 * 60
    assert auth.attempt_login(engine, "ip:10.0.0.2", PASSWORD, now=later).ok  # another client is not blocked
    after = now + auth.WINDOW + timedelta(seconds=5)
    assert auth.seconds_to_wait(engine, "ip:10.0.0.1", after) == 0
    assert auth.attempt_login(engine, "ip:10.0.0.1", PASSWORD, now=after).ok


def test_the_locked_attempts_are_not_checked_nor_recorded(engine, configured, monkeypatch):
    now = auth.utcnow()
    for i in range(auth.CLIENT_LIMIT):
        auth.attempt_login(engine, "ip:10.0.0.9", "guess", now=now)
    monkeypatch.setattr(auth, "verify_password", lambda *a: pytest.fail("checked a password while locked"))
    auth.attempt_login(engine, "ip:10.0.0.9", PASSWORD, now=now + timedelta(minutes=1))
    with engine.connect() as conn:
        assert conn.execute(auth.sa.select(auth.sa.func.count()).select_from(auth.schema.login_attempts)).scalar() == 5


def test_a_success_resets_the_clients_count(engine, configured):
    now = auth.utcnow()
    for i in range(auth.CLIENT_LIMIT - 1):
        auth.attempt_login(engine, "ip:10.0.0.1", "guess", now=now)
    assert auth.attempt_login(engine, "ip:10.0.0.1", PASSWORD, now=now + timedelta(seconds=1)).ok
    assert not auth.attempt_login(engine, "ip:10.0.0.1", "typo", now=now + timedelta(seconds=2)).wait_seconds


def test_the_limit_also_applies_overall(engine, configured):
    now = auth.utcnow()
    rows = [{"client": f"ip:10.1.{i // 250}.{i % 250}", "attempted_at": now - timedelta(minutes=5),
             "succeeded": False} for i in range(auth.GLOBAL_LIMIT)]
    with engine.begin() as conn:
        conn.execute(auth.schema.login_attempts.insert(), rows)
    result = auth.attempt_login(engine, "ip:192.0.2.7", PASSWORD, now=now)  # a client never seen before
    assert not result.ok and "Try again in 10 minutes" in result.message


def test_old_attempts_are_pruned(engine, configured):
    now = auth.utcnow()
    auth.record_attempt(engine, "ip:10.0.0.1", False, now=now - timedelta(days=2))
    auth.record_attempt(engine, "ip:10.0.0.1", False, now=now)
    with engine.connect() as conn:
        assert conn.execute(auth.sa.select(auth.sa.func.count()).select_from(auth.schema.login_attempts)).scalar() == 1


def test_reviewers_from_the_environment(monkeypatch):
    monkeypatch.setenv(auth.ENV_REVIEWERS, " Ana@Example.org, bo@example.org ,,")
    assert auth.reviewers() == {"ana@example.org", "bo@example.org"}


def test_reviewer_names():
    assert auth.reviewer_name("") == "admin"
    assert auth.reviewer_name("  Ana   Silva ") == "admin (Ana Silva)"
    assert len(auth.reviewer_name("x" * 500)) == len("admin ()") + 60


def test_cli_hashes_a_password_read_from_stdin(monkeypatch, capsys):
    monkeypatch.setattr("sys.stdin", io.StringIO(PASSWORD + "\n"))
    assert auth.main(["hash"]) == 0
    printed = capsys.readouterr().out.strip()
    assert auth.verify_password(PASSWORD, printed)


@pytest.mark.parametrize("argv, stdin, code", [(["hash"], "short\n", 1), ([], "", 2), (["show"], "", 2)])
def test_cli_refuses_short_passwords_and_unknown_commands(monkeypatch, capsys, argv, stdin, code):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    assert auth.main(argv) == code
    assert capsys.readouterr().out == ""
