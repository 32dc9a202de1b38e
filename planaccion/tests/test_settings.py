"""Settings come from the environment, fail loudly on bad values and default to safe ones."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from planaccion import settings as project_settings

REPO = Path(__file__).resolve().parents[2]


def test_a_malformed_boolean_is_refused(monkeypatch):
    monkeypatch.setenv("DEBUG", "quizás")
    with pytest.raises(ImproperlyConfigured, match="DEBUG must be a boolean"):
        project_settings.env_bool("DEBUG")


def test_a_malformed_integer_is_refused(monkeypatch):
    monkeypatch.setenv("EMAIL_PORT", "veinticinco")
    with pytest.raises(ImproperlyConfigured, match="EMAIL_PORT must be an integer"):
        project_settings.env_int("EMAIL_PORT", 25)


def _run_fresh(tmp_path, code: str, **env) -> str:
    """Run code in a new interpreter whose settings see only the given environment."""
    clean = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "SECRET_KEY", "DEBUG"}
    }
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); " + code],
        cwd=REPO,
        env=clean
        | {"DJANGO_SETTINGS_MODULE": "planaccion.settings", "VAR_DIR": str(tmp_path)}
        | env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout


def _settings_in_fresh_process(tmp_path, **env) -> dict:
    code = (
        "import json; from django.conf import settings; "
        "print(json.dumps({'debug': settings.DEBUG, 'key': settings.SECRET_KEY, "
        "'db': str(settings.DATABASES['default']['NAME']), 'hosts': settings.ALLOWED_HOSTS, "
        "'media': str(settings.MEDIA_ROOT)}))"
    )
    return json.loads(_run_fresh(tmp_path, code, **env))


def test_with_no_configuration_it_runs_on_sqlite_under_var_with_debug_off(tmp_path):
    first = _settings_in_fresh_process(tmp_path)
    assert first["debug"] is False
    assert first["db"] == str(tmp_path / "planaccion.sqlite3")
    assert first["media"] == str(tmp_path / "media")
    assert "127.0.0.1" in first["hosts"]
    key_file = tmp_path / "secret_key"
    assert first["key"] == key_file.read_text()
    assert oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert _settings_in_fresh_process(tmp_path)["key"] == first["key"], "generated once"


def test_the_environment_overrides_the_defaults(tmp_path):
    values = _settings_in_fresh_process(
        tmp_path,
        SECRET_KEY="desde-el-entorno",
        DEBUG="true",
        ALLOWED_HOSTS="planes.example.gov.co, otro.example.gov.co",
        MEDIA_ROOT=str(tmp_path / "evidencias"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'otra.sqlite3'}",
    )
    assert values["key"] == "desde-el-entorno"
    assert values["debug"] is True
    assert values["hosts"] == ["planes.example.gov.co", "otro.example.gov.co"]
    assert values["media"] == str(tmp_path / "evidencias")
    assert values["db"] == str(tmp_path / "otra.sqlite3")
    assert not (tmp_path / "secret_key").exists()


def test_sqlite_is_opened_in_wal_mode_with_a_busy_timeout(tmp_path):
    code = (
        "from django.db import connection; cursor = connection.cursor(); "
        "print(cursor.execute('PRAGMA journal_mode').fetchone()[0], "
        "cursor.execute('PRAGMA busy_timeout').fetchone()[0])"
    )
    assert _run_fresh(tmp_path, code).split() == ["wal", "20000"]
