"""Without Chromium the browser tests skip locally but fail in CI (the README's promise)."""

from __future__ import annotations

import pytest

from tests.browser import conftest


@pytest.fixture
def no_chromium(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "chromium")


def test_missing_chromium_fails_in_ci(no_chromium, monkeypatch):
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="browser tests must run in CI"):
        conftest.require_chromium()


@pytest.mark.parametrize("ci", [None, "false", ""])
def test_missing_chromium_skips_outside_ci(no_chromium, monkeypatch, ci):
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    with pytest.raises(pytest.skip.Exception, match="is missing"):
        conftest.require_chromium()


def test_present_chromium_is_returned(monkeypatch, tmp_path):
    chromium = tmp_path / "chromium"
    chromium.write_bytes(b"")
    monkeypatch.setattr(conftest, "CHROMIUM", chromium)
    monkeypatch.setenv("CI", "true")
    assert conftest.require_chromium() == chromium
