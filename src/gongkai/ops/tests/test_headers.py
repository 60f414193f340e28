"""Security headers on every page, and the size limits on requests."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from django.test import Client

from gongkai.testing import Cast

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/track/", "/healthz", "/api/openapi.json"])
def test_pages_carry_the_content_security_policy_and_other_headers(client: Client, path: str) -> None:
    response = client.get(path)
    assert response.status_code == 200
    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self';" in policy, "no inline script anywhere"
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_only_the_api_docs_page_may_run_its_cdn_script(client: Client) -> None:
    docs = client.get("/api/docs")["Content-Security-Policy"]
    assert "https://cdn.jsdelivr.net" in docs
    assert "frame-ancestors 'none'" in docs
    assert "cdn" not in client.get("/api/openapi.json")["Content-Security-Policy"]
    assert "cdn" not in client.get("/")["Content-Security-Policy"]


TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>|\son[a-z]+=", re.I)


def test_no_template_has_inline_script_so_the_policy_can_forbid_it() -> None:
    offenders = [
        str(path.relative_to(TEMPLATES))
        for path in TEMPLATES.rglob("*.html")
        if INLINE_SCRIPT.search(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []


def test_staff_pages_carry_the_policy_too(client: Client, cast: Cast) -> None:
    client.force_login(cast.clerk)
    response = client.get("/accounts/two-factor/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    # Scripts come from the site's static files only: no inline <script> the policy would have to allow.
    assert re.search(r"<script(?![^>]*\ssrc=)", response.content.decode()) is None


def test_a_request_with_too_many_fields_is_refused(client: Client, cast: Cast, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    fields = {f"field{number}": "x" for number in range(60)}
    response = client.post(f"/agencies/{cast.agency.pk}/apply/", fields, REMOTE_ADDR="192.0.2.50")
    assert response.status_code == 400


def test_a_form_body_over_the_limit_is_refused(client: Client, cast: Cast, settings: Any) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(
        f"/agencies/{cast.agency.pk}/apply/", {"description": "申" * 20_000}, REMOTE_ADDR="192.0.2.51"
    )
    assert response.status_code == 400
