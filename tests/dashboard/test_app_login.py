"""With a login configured ([auth] in secrets.toml), the app shows nothing but a login button
until the user is logged in; without one it opens straight away (a local or proxied setup)."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP, TIMEOUT


def test_with_login_configured_nothing_shows_before_login(published_db, monkeypatch):
    monkeypatch.setenv("DASHBOARD_DB", str(published_db))
    at = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    at.secrets["auth"] = {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "test-secret",
        "client_id": "dashboard",
        "client_secret": "secret",
        "server_metadata_url": "https://login.example.org/.well-known/openid-configuration",
    }
    at.run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Inloggen"]
    assert at.get("vega_lite_chart") == []
    assert at.metric == []
    assert "Log in om verder te gaan" in at.markdown[0].value


def test_without_login_the_overview_opens(open_page):
    at = open_page()
    assert at.title[0].value == "Overzicht"
    assert "Inloggen" not in [b.label for b in at.button]
