"""Forged and hostile requests: POSTs without a CSRF token, bad uploads through the pages and
the API, and the production settings that `check --deploy` approves."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from audit.models import AuditEntry
from conftest import PDF_BYTES, REPO, sign_in
from followup.models import Evidence, Report
from organization import api_tokens
from planaccion.tests.permission_table import TABLE
from plans.models import Plan

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_the_first_window(time_machine):
    time_machine.move_to("2025-04-03 10:00 -0500", tick=False)


def test_no_form_is_accepted_without_its_csrf_token(published_plan, planner, reporter_a):
    """Every page that takes a POST refuses it without the token, in Spanish, changing nothing."""
    activity = published_plan.activities.get(number=3)
    objects = {
        "plan": published_plan.pk,
        "draft": published_plan.pk,
        "draft_activity": activity.pk,
        "activity": activity.pk,
        "period": 1,
        "report": 1,
        "unit": activity.responsible_units.get().pk,
        "membership": planner.membership.pk,
        "uid": "MQ",
        "bad_token": "x",
        "import_token": "x",
    }
    before = (AuditEntry.objects.count(), Plan.objects.count(), Report.objects.count())
    checked = []
    for name, row in TABLE.items():
        if row.post is None or row.api or name.startswith("portal:"):
            continue
        if not all(key in objects for key in row.kwargs.values()):
            continue
        kwargs = {arg: objects.get(key, key) for arg, key in row.kwargs.items()}
        client = Client(enforce_csrf_checks=True)
        signed_in = row.post.get("planner") not in (None, 405)
        if signed_in:
            sign_in(client, reporter_a if name == "followup:report_form" else planner)
        response = client.post(reverse(name, kwargs=kwargs), {})
        if response.status_code == 405:
            continue
        assert response.status_code == 403, name
        assert "verificación de esta sesión (CSRF)" in response.content.decode(), name
        checked.append(name)
    assert len(checked) > 30
    assert (AuditEntry.objects.count(), Plan.objects.count(), Report.objects.count()) == before


def test_an_api_token_needs_no_csrf_token_and_a_session_cookie_opens_no_api_write(
    published_plan, reporter_a
):
    activity = published_plan.activities.get(number=3)
    url = f"/api/v1/actividades/{activity.pk}/seguimientos/1"
    session = sign_in(Client(enforce_csrf_checks=True), reporter_a)
    assert session.post(url, {"descripcion": "x"}).status_code == 401
    _token, key = api_tokens.create_api_token(reporter_a, "integración")
    api = Client(enforce_csrf_checks=True)
    response = api.post(url, {"descripcion": "x"}, headers={"Authorization": f"Bearer {key}"})
    assert response.status_code == 200


BAD_UPLOADS = [
    ("grande.pdf", PDF_BYTES + b"0" * 4096, "el máximo es"),
    ("informe.pdf", b"\x7fELF\x02\x01\x01" + b"\x00" * 200, "no es un tipo de evidencia"),
    ("programa.exe.pdf", b"MZ\x90\x00\x03" + b"\x00" * 400, "no es un tipo de evidencia"),
]


@pytest.mark.parametrize(("name", "content", "message"), BAD_UPLOADS)
def test_a_bad_evidence_file_is_refused_by_the_page_and_the_api_and_nothing_is_kept(
    client, published_plan, reporter_a, settings, tmp_path, name, content, message
):
    settings.MEDIA_ROOT = tmp_path
    settings.EVIDENCE_MAX_BYTES = 2048
    activity = published_plan.activities.get(number=3)
    sign_in(client, reporter_a)
    response = client.post(
        f"/seguimiento/actividad/{activity.pk}/periodo/1/",
        {
            "narrative": "Avance",
            "value": "1",
            "guardar": "1",
            "evidence_file": SimpleUploadedFile(name, content),
        },
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    _token, key = api_tokens.create_api_token(reporter_a, "integración")
    api = Client().post(
        f"/api/v1/actividades/{activity.pk}/seguimientos/1",
        {"descripcion": "Avance", "resultado": "1", "evidencia": SimpleUploadedFile(name, content)},
        headers={"Authorization": f"Bearer {key}"},
    )
    assert api.status_code == 422 and message in api.json()["error"]["mensaje"]
    assert not Report.objects.exists() and not Evidence.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_a_path_in_a_file_name_never_reaches_the_disk(
    client, published_plan, reporter_a, settings, tmp_path
):
    """Django drops the folders of an uploaded file's name; the file is stored under its
    checksum inside MEDIA_ROOT and shown by its own name."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    activity = published_plan.activities.get(number=3)
    sign_in(client, reporter_a)
    response = client.post(
        f"/seguimiento/actividad/{activity.pk}/periodo/1/",
        {
            "narrative": "Avance",
            "value": "1",
            "guardar": "1",
            "evidence_file": SimpleUploadedFile("../../../../tmp/acta\\..\\x.pdf", PDF_BYTES),
        },
    )
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    assert "/" not in evidence.original_name and "\\" not in evidence.original_name
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert [p.parent.parent for p in stored] == [media / "evidencias"] or all(
        media in p.parents for p in stored
    )
    assert all(re.fullmatch(r"[0-9a-f]{64}", p.name) for p in stored)


def _production(*args: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python with the production settings, as a server would (no test-only variables)."""
    environment = {
        **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
        "DJANGO_SETTINGS_MODULE": "planaccion.settings_production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "planes.example.gov.co",
        **env,
    }
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=environment, capture_output=True, text=True
    )


def test_check_deploy_reports_nothing_with_the_production_settings():
    result = _production("manage.py", "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    result = _production("-c", "import django; django.setup()", SECRET_KEY="")
    assert result.returncode != 0 and "SECRET_KEY must be set" in result.stderr


def test_production_answers_with_https_only_headers_and_a_strict_content_policy():
    code = """
import django
django.setup()
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
client = Client()
plain = client.get("/accesibilidad/", HTTP_HOST="planes.example.gov.co")
print("REDIRECT", plain.status_code, plain.get("Location"))
page = client.get("/accesibilidad/", HTTP_HOST="planes.example.gov.co", secure=True)
for header in ("Strict-Transport-Security", "Content-Security-Policy", "X-Frame-Options",
               "Referrer-Policy", "X-Content-Type-Options", "Cross-Origin-Opener-Policy"):
    print(header, "=", page.get(header))
"""
    result = _production("-c", code)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "REDIRECT 301 https://planes.example.gov.co/accesibilidad/" in out
    assert "Strict-Transport-Security = max-age=31536000; includeSubDomains; preload" in out
    csp = re.search(r"Content-Security-Policy = (.*)", out).group(1)
    assert "script-src 'self'" in csp and "style-src 'self'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert "X-Frame-Options = DENY" in out
    assert "Referrer-Policy = same-origin" in out
    assert "X-Content-Type-Options = nosniff" in out


def test_no_template_carries_an_inline_script_a_style_attribute_or_an_event_handler():
    """The Content Security Policy would block them; mail templates are not pages."""
    offenders = []
    for template in REPO.glob("*/templates/**/*.html"):
        if "/mail/" in str(template) or "/email/" in str(template) or ".venv" in str(template):
            continue
        text = template.read_text()
        if re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text):
            offenders.append(f"{template}: <script> en línea")
        if re.search(r"\sstyle=\"", text):
            offenders.append(f"{template}: atributo style")
        if re.search(r"\son[a-z]+=\"", text):
            offenders.append(f"{template}: manejador on…")
    for template in (REPO / "templates").glob("**/*.html"):
        if re.search(r"\sstyle=\"|<script(?![^>]*\bsrc=)[^>]*>", template.read_text()):
            offenders.append(str(template))
    assert not offenders, offenders
    assert Path(REPO / "templates" / "base.html").exists()
