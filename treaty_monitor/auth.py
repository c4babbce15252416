"""Who may write: an admin password (kept only as a hash) or Streamlit's OIDC login, with rate-limited attempts.

The public dashboard is read-only. Anything that writes (the review queue, the in-app import) calls
``require_reviewer()`` first, which renders the login form and stops the page until someone has logged in.

Credentials, in order of precedence:

* **Admin password**: its hash in Streamlit secrets (``[admin] password_hash = "scrypt$..."``) or in the
  environment (``MONITOR_ADMIN_PASSWORD_HASH``). Make one with ``python -m treaty_monitor.auth hash``
  (reads the password without echo, prints the hash). The plain password is never stored anywhere.
* **OIDC** (Streamlit's ``st.login``): when the secrets have an ``[auth]`` section, a "Log in with ..."
  button is offered; a logged-in user counts only when their e-mail is listed in ``MONITOR_REVIEWERS``
  (comma-separated, environment) or ``reviewers`` (secrets, a list or a comma-separated string).

With neither configured, writing is disabled entirely ("no admin password configured: the dashboard is
read-only").

Hashes are ``scrypt$<n>$<r>$<p>$<salt base64>$<hash base64>`` (standard library ``hashlib.scrypt``, a
random 16-byte salt per hash) and are compared with ``hmac.compare_digest`` (constant time). Failed
attempts are recorded in ``login_attempts``: at most ``CLIENT_LIMIT`` failures per client (its IP address,
or the browser session when the address is unknown) and ``GLOBAL_LIMIT`` failures overall within
``WINDOW``, so a guess spread over many clients is slowed too. While a limit is reached no password is
checked, and the page says how long to wait.

The logged-in state lives in ``st.session_state`` only, set after a successful verification (never from a
URL parameter), and is tied to the configured hash: changing the password logs every session out.
"""
from __future__ import annotations

import base64
import getpass
import hashlib
import hmac
import math
import os
import secrets
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa

from . import schema
from .store import as_utc, utcnow

ENV_HASH = "MONITOR_ADMIN_PASSWORD_HASH"
ENV_REVIEWERS = "MONITOR_REVIEWERS"
SCHEME = "scrypt"
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2 ** 14, 8, 1  # ~16 MB and a few tens of ms per check
SALT_BYTES, HASH_BYTES = 16, 32
MAX_SCRYPT_MEMORY = 256 * 1024 * 1024

WINDOW = timedelta(minutes=15)
CLIENT_LIMIT = 5  # failed attempts per client within WINDOW
GLOBAL_LIMIT = 50  # failed attempts overall within WINDOW
KEEP_ATTEMPTS = timedelta(days=1)  # older rows are pruned

READ_ONLY_MESSAGE = "No admin password configured: the dashboard is read-only."
_SESSION_KEY = "_auth_reviewer"  # (name, fingerprint of the credential it was verified against)


# ---- hashing ----------------------------------------------------------------------------------------------

def hash_password(plain: str, *, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P) -> str:
    """``scrypt$n$r$p$salt$hash`` for ``plain``, with a fresh random salt."""
    if not plain:
        raise ValueError("the password is empty")
    salt = secrets.token_bytes(SALT_BYTES)
    digest = _scrypt(plain, salt, n, r, p, HASH_BYTES)
    return "$".join([SCHEME, str(n), str(r), str(p), _b64(salt), _b64(digest)])


def parse_hash(encoded: str) -> tuple[int, int, int, bytes, bytes]:
    """(n, r, p, salt, digest) of an encoded hash; ValueError when it is not one."""
    parts = (encoded or "").strip().split("$")
    if len(parts) != 6 or parts[0] != SCHEME:
        raise ValueError("not a scrypt$n$r$p$salt$hash string (make one with: python -m treaty_monitor.auth hash)")
    try:
        n, r, p = (int(part) for part in parts[1:4])
        salt, digest = base64.b64decode(parts[4], validate=True), base64.b64decode(parts[5], validate=True)
    except ValueError as error:
        raise ValueError(f"malformed scrypt hash: {error}") from None
    if n < 2 or n & (n - 1) or r < 1 or p < 1 or not salt or len(digest) < 16:
        raise ValueError("scrypt parameters out of range")
    return n, r, p, salt, digest


def verify_password(plain: str, encoded: str) -> bool:
    """True when ``plain`` matches ``encoded``; the digests are compared in constant time."""
    try:
        n, r, p, salt, expected = parse_hash(encoded)
    except ValueError:
        return False
    if not isinstance(plain, str):
        return False
    actual = _scrypt(plain, salt, n, r, p, len(expected))
    return hmac.compare_digest(actual, expected)


def _scrypt(plain: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    return hashlib.scrypt(plain.encode("utf-8"), salt=salt, n=n, r=r, p=p, dklen=length,
                          maxmem=MAX_SCRYPT_MEMORY)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# ---- configuration ----------------------------------------------------------------------------------------

def _secrets():
    """Streamlit secrets, or an empty dict when there is no secrets file (or no Streamlit at all)."""
    try:
        import streamlit as st

        return st.secrets.to_dict() if len(st.secrets) else {}
    except Exception:  # StreamlitSecretNotFoundError, a malformed file: no credentials from secrets
        return {}


def configured_hash() -> str | None:
    """The admin password hash: secrets ``[admin] password_hash`` first, then ``MONITOR_ADMIN_PASSWORD_HASH``."""
    admin = _secrets().get("admin")
    value = admin.get("password_hash") if isinstance(admin, dict) else None
    value = value or os.environ.get(ENV_HASH)
    return value.strip() if isinstance(value, str) and value.strip() else None


def oidc_configured() -> bool:
    """True when the secrets have an ``[auth]`` section for ``st.login``."""
    return isinstance(_secrets().get("auth"), dict)


def reviewers() -> set[str]:
    """E-mail addresses (lower case) allowed to review after an OIDC login."""
    listed = _secrets().get("reviewers") or os.environ.get(ENV_REVIEWERS) or ""
    if isinstance(listed, str):
        listed = listed.split(",")
    return {str(email).strip().lower() for email in listed if str(email).strip()}


@dataclass(frozen=True)
class Credentials:
    password_hash: str | None
    hash_problem: str | None  # a configured hash that cannot be read
    oidc: bool

    @property
    def any(self) -> bool:
        return bool(self.password_hash) or self.oidc


def credentials() -> Credentials:
    encoded = configured_hash()
    problem = None
    if encoded:
        try:
            parse_hash(encoded)
        except ValueError as error:
            encoded, problem = None, f"The configured admin password hash cannot be used ({error}); password login is off."
    return Credentials(encoded, problem, oidc_configured())


def writing_enabled() -> bool:
    """False when no credential is configured: then no write path is offered at all."""
    return credentials().any


# ---- rate limit -------------------------------------------------------------------------------------------

def seconds_to_wait(engine: sa.Engine, client: str, now: datetime | None = None) -> int:
    """0 when ``client`` may try a password now; otherwise how many seconds until it may.

    Per client, failures count from its last success; overall, every failure in the window counts.
    """
    now = now or utcnow()
    attempts = schema.login_attempts
    since = now - WINDOW
    with engine.connect() as conn:
        last_success = conn.execute(sa.select(sa.func.max(attempts.c.attempted_at)).where(
            attempts.c.client == client, attempts.c.succeeded.is_(True), attempts.c.attempted_at >= since)).scalar()
        start = max(since, as_utc(last_success)) if last_success else since
        mine = conn.execute(sa.select(attempts.c.attempted_at).where(
            attempts.c.client == client, attempts.c.succeeded.is_(False), attempts.c.attempted_at > start)
            .order_by(attempts.c.attempted_at.desc()).limit(CLIENT_LIMIT)).scalars().all()
        everyone = conn.execute(sa.select(attempts.c.attempted_at).where(
            attempts.c.succeeded.is_(False), attempts.c.attempted_at > since)
            .order_by(attempts.c.attempted_at.desc()).limit(GLOBAL_LIMIT)).scalars().all()
    wait = 0.0
    for recent, limit in ((mine, CLIENT_LIMIT), (everyone, GLOBAL_LIMIT)):
        if len(recent) >= limit:  # blocked until the oldest of the last `limit` failures leaves the window
            wait = max(wait, (as_utc(recent[-1]) + WINDOW - now).total_seconds())
    return max(0, math.ceil(wait))


def record_attempt(engine: sa.Engine, client: str, succeeded: bool, now: datetime | None = None) -> None:
    now = now or utcnow()
    attempts = schema.login_attempts
    with engine.begin() as conn:
        conn.execute(attempts.delete().where(attempts.c.attempted_at < now - KEEP_ATTEMPTS))
        conn.execute(attempts.insert().values(client=client[:200], attempted_at=now, succeeded=succeeded))


def wait_message(seconds: int) -> str:
    minutes = max(1, math.ceil(seconds / 60))
    return (f"Too many failed login attempts. Try again in {minutes} minute{'s' if minutes != 1 else ''}.")


@dataclass(frozen=True)
class LoginResult:
    ok: bool
    message: str
    wait_seconds: int = 0


def attempt_login(engine: sa.Engine, client: str, password: str, now: datetime | None = None) -> LoginResult:
    """Check ``password`` against the configured hash, within the rate limit, and record the attempt."""
    encoded = credentials().password_hash
    if not encoded:
        return LoginResult(False, READ_ONLY_MESSAGE)
    wait = seconds_to_wait(engine, client, now)
    if wait:
        return LoginResult(False, wait_message(wait), wait)  # locked: the password is not even checked
    ok = bool(password) and verify_password(password, encoded)
    record_attempt(engine, client, ok, now)
    if ok:
        return LoginResult(True, "Logged in.")
    wait = seconds_to_wait(engine, client, now)
    return LoginResult(False, "Wrong password." + (" " + wait_message(wait) if wait else ""), wait)


# ---- the Streamlit session ------------------------------------------------------------------------------

def _fingerprint(encoded: str) -> str:
    return hashlib.sha256(encoded.encode("utf-8")).hexdigest()[:16]


def client_id() -> str:
    """The client for the rate limit: its IP address, else this browser session."""
    import streamlit as st

    try:
        address = st.context.ip_address
    except Exception:
        address = None
    if isinstance(address, str) and address:  # (a test harness may hand back a stand-in object)
        return f"ip:{address}"
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return f"session:{ctx.session_id if ctx else 'unknown'}"


def _oidc_reviewer() -> str | None:
    import streamlit as st

    if not oidc_configured():
        return None
    try:
        if not st.user.is_logged_in:
            return None
        email = str(st.user.get("email") or "").strip().lower()
    except Exception:
        return None
    return email if email and email in reviewers() else None


def current_reviewer() -> str | None:
    """The name recorded with decisions of the logged-in reviewer, or None when nobody is logged in."""
    import streamlit as st

    held = st.session_state.get(_SESSION_KEY)
    encoded = credentials().password_hash
    if isinstance(held, tuple) and len(held) == 2 and encoded and hmac.compare_digest(held[1], _fingerprint(encoded)):
        return held[0]
    if held is not None:
        st.session_state.pop(_SESSION_KEY, None)  # the password was changed or removed: logged out
    return _oidc_reviewer()


def reviewer_name(typed: str) -> str:
    """The name recorded for a password login: 'admin', or 'admin (<name typed>)'."""
    name = " ".join(str(typed or "").split())[:60]
    return f"admin ({name})" if name else "admin"


def logout() -> None:
    import streamlit as st

    st.session_state.pop(_SESSION_KEY, None)
    if oidc_configured():
        try:
            if st.user.is_logged_in:
                st.logout()
        except Exception:
            pass


def require_reviewer(engine: sa.Engine | None = None) -> str:
    """The logged-in reviewer's name; otherwise render the login (or read-only notice) and stop the page."""
    import streamlit as st

    reviewer = current_reviewer()
    if reviewer:
        return reviewer
    creds = credentials()
    if creds.hash_problem:
        st.error(creds.hash_problem, icon=":material/key_off:")
    if not creds.any:
        st.info(READ_ONLY_MESSAGE + " An operator enables reviews by setting `MONITOR_ADMIN_PASSWORD_HASH` "
                "(see the README).", icon=":material/lock:")
        st.stop()
    if creds.password_hash:
        _password_form(engine)
    if creds.oidc:
        _oidc_login()
    st.stop()


def _password_form(engine: sa.Engine | None) -> None:
    import streamlit as st

    from . import db

    engine = engine or db.get_engine()
    client = client_id()
    wait = seconds_to_wait(engine, client)
    with st.form("login", enter_to_submit=True):
        st.subheader("Log in to review")
        name = st.text_input("Your name (recorded with your decisions)", max_chars=60, key="login_name")
        password = st.text_input("Admin password", type="password", key="login_password")
        submitted = st.form_submit_button("Log in", type="primary", disabled=bool(wait))
    if wait and not submitted:
        st.error(wait_message(wait), icon=":material/timer:")
        return
    if not submitted:
        return
    result = attempt_login(engine, client, password)
    if result.ok:
        st.session_state[_SESSION_KEY] = (reviewer_name(name), _fingerprint(credentials().password_hash))
        st.session_state.pop("login_password", None)
        st.rerun()
    st.error(result.message, icon=":material/error:")


def _oidc_login() -> None:
    import streamlit as st

    try:
        logged_in = st.user.is_logged_in
    except Exception:
        logged_in = False
    if logged_in:
        st.warning(f"{st.user.get('email') or 'This account'} is not listed as a reviewer "
                   f"(`{ENV_REVIEWERS}` or `reviewers` in the secrets).", icon=":material/person_off:")
        if st.button("Log out", key="oidc_logout"):
            st.logout()
        return
    if st.button("Log in with your organisation's account", key="oidc_login"):
        st.login()


# ---- CLI: python -m treaty_monitor.auth hash --------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv != ["hash"]:
        print("usage: python -m treaty_monitor.auth hash   (reads a password, prints its hash)", file=sys.stderr)
        return 2
    if sys.stdin.isatty():
        plain = getpass.getpass("Admin password: ")
        if getpass.getpass("Again: ") != plain:
            print("The two passwords differ.", file=sys.stderr)
            return 1
    else:
        plain = sys.stdin.readline().rstrip("\r\n")
    if len(plain) < 12:
        print("Use at least 12 characters.", file=sys.stderr)
        return 1
    print(hash_password(plain))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
