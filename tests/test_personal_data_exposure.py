"""Searching the database file, the logs and every public response of a test run for the applicants' ID
numbers finds them nowhere in clear text (docs/security.md, T19 and T20).

One realistic run goes through the real views: citizens and an organisation apply online (one with an
attachment, one whose first try crashes the server), staff register a paper application, ask for a 补正
that the applicant supplies on the tracking page, extend, decide, issue letters (DOCX and PDF) that both
sides download, build and publish the annual report; another system files an application through the API;
the daily sweep e-mails reminders; the oversight office reads its dashboard, opens applications on the
page and through the API (masked: it does not handle them) and reveals one with a reason; and the public
reads every portal page, feed, sitemap and open-data file it can reach. Meanwhile every log record (every
SQL statement with its parameters included) goes to a file and every e-mail to the outbox.

Then one scanner looks for each document number, as given, with a lower-case x and split 6-8-4 by spaces
or hyphens, in: the backup archive ``gongkai backup`` writes (the database file on SQLite, the ``pg_dump``
on PostgreSQL restored to SQL text, and the media), every file under MEDIA_ROOT, the log file, every
e-mail, and every response served to someone who is not signed-in staff. It opens what hides text: zip
members (DOCX, XLSX, ZIP), gzip and tar members, PDF text (pdfplumber), PostgreSQL dumps (pg_restore).
A control proves that the same scanner finds a planted number in each kind of container. Staff responses
are scanned as well, for T20's masking, except the API's one-application record (the full record, logged
as an opening) and its answer to the system that filed an application, to those who handle the case; the
responses to those who do not are also searched for the applicants' phones and e-mails (T22).

It found, and so now guards: the admins' error e-mail carrying the form's POST data
(``sensitive_post_parameters`` on the views), ``django.template``'s DEBUG record of the error report's
context (pinned at INFO in settings), and the admin's application page showing the full number.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import email
import email.policy
import gzip
import html
import io
import itertools
import logging
import re
import shutil
import subprocess
import tarfile
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client, override_settings
from django.utils import timezone

from gongkai.agencies.actions import do_grant_role
from gongkai.agencies.models import Membership
from gongkai.agencies.tokens import do_create_api_token
from gongkai.applications import actions, apply_steps, letters, reminders
from gongkai.applications.models import Application, RecordAccess
from gongkai.applications.tests import helpers
from gongkai.catalog import actions as catalog_actions
from gongkai.lib import crypto, idcard, uscc
from gongkai.ops.backup import make_backup
from gongkai.reports import checks
from gongkai.reports.models import Report
from gongkai.reports.output import FORMATS
from gongkai.testing import PASSWORD, Cast
from gongkai.testing import apply_online as apply_in_steps
from gongkai.workdays.seed import seed_from_chinesecalendar

# Committed data: ``gongkai backup`` reads the database from another connection (pg_dump; SQLite's backup
# API on the shared in-memory test database), which sees only committed rows.
pytestmark = pytest.mark.django_db(transaction=True)


def credit_code(first17: str) -> str:
    return first17 + uscc.check_character(first17)


WANG = helpers.valid_id_number("11010519491231002")  # ends in X
LI = helpers.valid_id_number("44030619900101123")
ZHAO = helpers.valid_id_number("33041120000229456")
CHEN = helpers.valid_id_number("32058319781111777")  # on paper, registered by staff
SUN = helpers.valid_id_number("51010719850505888")  # filed through the API by another system
PLANTED = helpers.valid_id_number(
    "63010219770707101"
)  # never an applicant's: planted to prove the scanner sees
FIRM = credit_code("91330411MA2B00001")
ASSOCIATION = credit_code("51330400MJ8800001")
PERSONS = (WANG, LI, ZHAO, CHEN, SUN)
NUMBERS = (*PERSONS, FIRM, ASSOCIATION)


def test_the_applicants_numbers_are_well_formed_and_distinct() -> None:
    assert WANG.endswith("X")
    assert [idcard.problem(number) for number in (*PERSONS, PLANTED)] == [None] * 6
    assert uscc.is_valid(FIRM) and uscc.is_valid(ASSOCIATION)
    assert len(set(NUMBERS)) == len(NUMBERS)


# --- the scanner --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Exposure:
    where: str
    number: str
    line: int
    excerpt: str

    def __str__(self) -> str:
        return f"{self.number} in {self.where}, line {self.line}: …{self.excerpt}…"


def pattern(number: str) -> re.Pattern[str]:
    """The number as given, with x in either case, and split 6-8-4 by spaces or hyphens."""
    number = number.upper()
    parts = (number[:6], number[6:14], number[14:])
    return re.compile(r"[\s\-]?".join(re.escape(part) for part in parts), re.IGNORECASE)


class Unreadable(Exception):
    """A container the scanner cannot open: it must not pass as 'nothing found'."""


def texts(where: str, data: bytes) -> Iterator[tuple[str, str]]:
    """The text of ``data`` and of everything inside it: zip, gzip and tar members, PDF text, and the SQL of
    a PostgreSQL custom-format dump; each with where it came from (``archive!member``)."""
    # Any byte sequence decodes: ASCII digits survive the replacement of undecodable bytes unchanged.
    yield where, unicodedata.normalize("NFKC", data.decode("utf-8", errors="replace"))
    buffer = io.BytesIO(data)
    if data[:4] == b"PK\x03\x04":
        try:
            with zipfile.ZipFile(buffer) as archive:
                for name in archive.namelist():
                    yield from texts(f"{where}!{name}", archive.read(name))
        except zipfile.BadZipFile as error:
            raise Unreadable(f"{where}: {error}") from None
    elif data[:2] == b"\x1f\x8b":
        yield from texts(f"{where}!gunzip", gzip.decompress(data))
    elif len(data) > 262 and data[257:262] == b"ustar":
        with tarfile.open(fileobj=buffer) as archive:
            for member in archive.getmembers():
                handle = archive.extractfile(member)
                if handle is not None:
                    yield from texts(f"{where}!{member.name}", handle.read())
    elif data[:5] == b"%PDF-":
        yield f"{where} (PDF text)", pdf_text(where, data)
    elif data[:5] == b"PGDMP":
        yield f"{where} (pg_restore)", pg_restore(where, data)


def pdf_text(where: str, data: bytes) -> str:
    import pdfplumber

    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            return "\n".join(page.extract_text() or "" for page in pdf.pages)
    except Exception as error:
        raise Unreadable(f"{where}: not a readable PDF ({error})") from None


def pg_restore(where: str, data: bytes) -> str:
    tool = shutil.which("pg_restore")
    if tool is None:
        raise Unreadable(f"{where}: pg_restore is not installed")
    with tempfile.NamedTemporaryFile(suffix=".pgdump") as dump:
        dump.write(data)
        dump.flush()
        result = subprocess.run([tool, "--file=-", dump.name], capture_output=True, check=False)
    if result.returncode != 0:
        raise Unreadable(f"{where}: pg_restore failed: {result.stderr.decode(errors='replace')}")
    return result.stdout.decode("utf-8", errors="replace")


def scan(numbers: tuple[str, ...], where: str, data: bytes) -> list[Exposure]:
    found = []
    for place, text in texts(where, data):
        for number in numbers:
            for match in pattern(number).finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                excerpt = text[max(0, match.start() - 60) : match.end() + 60].replace("\n", "⏎")
                found.append(Exposure(place, number, line, excerpt))
    return found


def readable_text(where: str, data: bytes) -> str:
    """All the text the scanner reads in ``data``: the controls check that it reads what it should."""
    return "\n".join(text for _place, text in texts(where, data))


def report(found: list[Exposure]) -> str:
    return "\n".join(str(exposure) for exposure in found[:30])


# --- recording the run ----------------------------------------------------------------------------------------


@dataclass
class Served:
    who: str
    method: str
    url: str
    status: int
    headers: str
    body: bytes

    @property
    def where(self) -> str:
        return f"{self.method} {self.url} → {self.status} (to {self.who})"


class RecordingClient(Client):
    """A test client that keeps every response it is served, headers and body (streamed files included)."""

    def __init__(self, who: str, served: list[Served], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.who = who
        self.served = served

    def request(self, **request: Any) -> Any:
        response: Any = super().request(**request)
        if response.streaming:
            body = b"".join(response.streaming_content)
            response.streaming_content = [body]  # still readable by the test
        else:
            body = response.content
        query = request.get("QUERY_STRING", "")
        url = request["PATH_INFO"] + (f"?{query}" if query else "")
        headers = "\n".join(f"{name}: {value}" for name, value in response.items())
        headers += "\n" + response.cookies.output()
        self.served.append(
            Served(self.who, request["REQUEST_METHOD"], url, response.status_code, headers, body)
        )
        return response


LOGGERS = ("django", "django.request", "django.db.backends", "gongkai")


@contextlib.contextmanager
def everything_logged_to(path: Path) -> Iterator[None]:
    """Every log record at DEBUG, and every SQL statement with its parameters, into ``path``."""
    handler = logging.FileHandler(path, encoding="utf-8")
    handler.setLevel(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    root = logging.getLogger()
    saved = [(root, root.level, root.propagate)]
    saved += [
        (logging.getLogger(n), logging.getLogger(n).level, logging.getLogger(n).propagate) for n in LOGGERS
    ]
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
        logging.getLogger(name).propagate = True
    debug_cursor = connection.force_debug_cursor
    connection.force_debug_cursor = True
    try:
        yield
    finally:
        connection.force_debug_cursor = debug_cursor
        for logger, level, propagate in saved:
            logger.setLevel(level)
            logger.propagate = propagate
        root.removeHandler(handler)
        handler.close()


def email_text(message: mail.EmailMessage) -> bytes:
    """An e-mail as its reader sees it: headers, and every MIME part decoded (base64, quoted-printable)."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    parts = [str(header) + ": " + str(value) for header, value in parsed.items()]
    for part in parsed.walk():
        payload = part.get_payload(decode=True)
        if isinstance(payload, bytes):
            parts.append(payload.decode(part.get_content_charset() or "utf-8", errors="replace"))
    return "\n".join(parts).encode()


# --- the run ----------------------------------------------------------------------------------------------------


def applicant(number: str, name: str, **changes: Any) -> dict[str, Any]:
    return helpers.applicant(id_number=number, applicant_name=name, **changes)


ONLINE = {
    # typed with a lower-case x, as people do: the form stores it upper-cased
    WANG: applicant(WANG.lower(), "王芳", phone="13800000001", email="wangfang@example.org"),
    LI: applicant(
        LI,
        "李强",
        phone="0573-82221234",
        email="",
        delivery_wanted="post",
        description="本区2025年老旧小区改造项目的招标文件",
    ),
    ZHAO: applicant(ZHAO, "赵敏", phone="13800000003", email="zhaomin@example.org"),
    FIRM: applicant(
        FIRM,
        "嘉兴市某某科技有限公司",
        applicant_kind="commercial_enterprise",
        id_document="credit_code",
        contact_person="钱经理",
        phone="13800000004",
        email="office@example.com",
        description="本局2025年招商引资优惠政策兑现情况",
    ),
    ASSOCIATION: applicant(
        ASSOCIATION,
        "嘉兴市消费者权益保护协会",
        applicant_kind="public_interest_org",
        id_document="credit_code",
        contact_person="周秘书长",
        phone="13800000005",
        email="assoc@example.org",
        description="本局2025年食品安全抽检结果汇总",
    ),
}


def pdf_attachment() -> bytes:
    return letters.write_pdf("居民身份证（复印件）", "", "申请人身份证明材料\n\n（扫描件）")


@dataclass
class Run:
    cast: Cast
    today: datetime.date
    public: list[Served] = field(default_factory=list)  # anonymous visitors and applicants
    staff: list[Served] = field(default_factory=list)  # signed-in staff and the API's token
    tracking: dict[str, str] = field(default_factory=dict)  # number → tracking page
    pks: dict[str, int] = field(default_factory=dict)  # number → application pk
    log_file: Path = Path()
    error_mail_count: int = 0

    def visitor(self, **kwargs: Any) -> RecordingClient:
        return RecordingClient("the public", self.public, **kwargs)

    def staff_member(self, user: Any, who: str = "") -> RecordingClient:
        client = RecordingClient(who or user.username, self.staff)
        assert client.login(username=user.username, password=PASSWORD)
        return client

    def act(self, client: Client, number: str, verb: str, **fields: str) -> None:
        data = {f"{verb}-{name}": value for name, value in {"on": self.today.isoformat(), **fields}.items()}
        response = client.post(f"/workspace/applications/{self.pks[number]}/{verb}/", data)
        assert response.status_code == 302, (verb, response.content.decode()[:3000])


def apply_online(run: Run, number: str, address: str, **extra: Any) -> RecordingClient:
    """The applicant reads the form, applies, lands on the tracking page, and keeps that client."""
    client = run.visitor()
    agency = run.cast.agency.pk
    assert client.get(f"/agencies/{agency}/apply/").status_code == 200
    response = apply_in_steps(client, agency, {**ONLINE[number], **extra}, REMOTE_ADDR=address)
    assert response.status_code == 302, response.content.decode()[:3000]
    run.tracking[number] = response["Location"]
    assert client.get(response["Location"]).status_code == 200
    application = Application.objects.get(tracking_code=response["Location"].split("/")[2])
    run.pks[number] = application.pk
    return client


def a_crash_in_the_form_post_mails_the_admins_a_report(run: Run, monkeypatch: Any) -> None:
    """Force a server error inside the application form's POST: Django logs it and mails the admins the
    report (request data included, unless the view marks it sensitive)."""

    def broken(*args: Any, **kwargs: Any) -> Application:
        raise RuntimeError("the storage is not answering")

    def broken_session(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the session store is not answering")

    # In a step: its fields are in the request data the report shows, masked (sensitive_post_parameters).
    before = len(mail.outbox)
    with monkeypatch.context() as patch:
        patch.setattr(apply_steps, "keep", broken_session)
        client = run.visitor(raise_request_exception=False)
        response = apply_in_steps(client, run.cast.agency.pk, ONLINE[ZHAO], REMOTE_ADDR="198.51.100.13")
    assert response.status_code == 500
    reports = [m for m in mail.outbox[before:] if "ops@example.org" in m.to]
    assert len(reports) == 1, [m.subject for m in mail.outbox[before:]]
    assert "RuntimeError" in reports[0].body and "the session store is not answering" in reports[0].body
    assert "id_number = '********************'" in reports[0].body  # sensitive_post_parameters
    run.error_mail_count += 1

    # On submitting: the answers come from the session, which the report does not show.
    before = len(mail.outbox)
    with monkeypatch.context() as patch:
        patch.setattr(actions, "do_submit_application", broken)
        client = run.visitor(raise_request_exception=False)
        response = apply_in_steps(client, run.cast.agency.pk, ONLINE[ZHAO], REMOTE_ADDR="198.51.100.13")
    assert response.status_code == 500
    reports = [m for m in mail.outbox[before:] if "ops@example.org" in m.to]
    assert len(reports) == 1, [m.subject for m in mail.outbox[before:]]
    assert "RuntimeError" in reports[0].body and "the storage is not answering" in reports[0].body
    assert ONLINE[ZHAO]["id_number"] not in reports[0].body and ONLINE[ZHAO]["phone"] not in reports[0].body
    run.error_mail_count += 1


def crashes_in_the_staff_form_and_the_api_mail_reports_too(
    run: Run, clerk: Client, api: Client, monkeypatch: Any
) -> None:
    def broken(*args: Any, **kwargs: Any) -> Application:
        raise RuntimeError("the storage is not answering")

    before = len(mail.outbox)
    clerk.raise_request_exception = False
    api.raise_request_exception = False
    with monkeypatch.context() as patch:
        patch.setattr(actions, "do_register_application", broken)
        paper = {**applicant(CHEN, "陈刚"), "channel": "post", "received_on": run.today.isoformat()}
        assert (
            clerk.post(f"/workspace/agencies/{run.cast.agency.pk}/applications/new/", paper).status_code
            == 500
        )
        filed = api_application(run, SUN)
        assert api.post("/api/applications/", filed, content_type="application/json").status_code == 500
    clerk.raise_request_exception = True
    api.raise_request_exception = True
    reports = [m for m in mail.outbox[before:] if "ops@example.org" in m.to]
    assert len(reports) == 2, [m.subject for m in mail.outbox[before:]]
    run.error_mail_count += 2


def api_application(run: Run, number: str) -> dict[str, Any]:
    return {
        **applicant(number, "孙丽", phone="13800000006", email="sunli@example.org"),
        "agency_id": run.cast.agency.pk,
        "channel": "email",
        "received_on": run.today.isoformat(),
        "confirmation": "电子邮件回复申请人确认",
    }


def do_the_run(run: Run, monkeypatch: Any) -> None:
    cast, today, agency = run.cast, run.today, run.cast.agency.pk

    # The public finds the agency and its form.
    visitor = run.visitor()
    for url in ("/", f"/agencies/{agency}/", f"/agencies/{agency}/apply/", "/track/"):
        assert visitor.get(url).status_code == 200, url

    # Citizens and organisations apply online; 王芳 attaches a copy of her identity card.
    upload = SimpleUploadedFile("身份证复印件.pdf", pdf_attachment(), content_type="application/pdf")
    wang = apply_online(run, WANG, "198.51.100.11", attachments=[upload])
    li = apply_online(run, LI, "198.51.100.12")
    a_crash_in_the_form_post_mails_the_admins_a_report(run, monkeypatch)
    apply_online(run, ZHAO, "198.51.100.13")  # tries again after the crash
    firm = apply_online(run, FIRM, "198.51.100.14")
    apply_online(run, ASSOCIATION, "198.51.100.15")

    clerk = run.staff_member(cast.clerk)
    approver = run.staff_member(cast.approver)
    # The approver also heads the disclosure office, whose consent an extension needs (第三十三条第二款).
    do_grant_role(cast.agency_admin, cast.approver, cast.agency, Membership.Role.DISCLOSURE_HEAD)
    _row, token = do_create_api_token(cast.clerk, "12345热线")
    api = RecordingClient(
        "the 12345 hotline's system", run.staff, headers={"Authorization": f"Bearer {token}"}
    )
    crashes_in_the_staff_form_and_the_api_mail_reports_too(run, clerk, api, monkeypatch)

    # A letter that came by post six weeks ago, entered by the clerk: overdue by now.
    paper = {
        **applicant(CHEN, "陈刚", phone="13800000007", email=""),
        "channel": "post",
        "received_on": (today - datetime.timedelta(days=42)).isoformat(),
        "delivery_wanted": "post",
    }
    response = clerk.post(f"/workspace/agencies/{agency}/applications/new/", paper)
    assert response.status_code == 302, response.content.decode()[:3000]
    run.pks[CHEN] = int(response["Location"].rstrip("/").split("/")[-1])

    # Another system files one through the API and reads the list and the record.
    response = api.post("/api/applications/", api_application(run, SUN), content_type="application/json")
    assert response.status_code == 201, response.content
    run.pks[SUN] = response.json()["id"]
    assert api.get(f"/api/applications/?agency={agency}").status_code == 200
    assert api.get(f"/api/applications/{run.pks[CHEN]}").status_code == 200
    assert api.get(f"/api/applications/{run.pks[SUN]}/events").status_code == 200
    withdrawal = {"verb": "withdraw", "on": today.isoformat(), "fields": {"note": "申请人来电撤回"}}
    response = api.post(
        f"/api/applications/{run.pks[SUN]}/events", withdrawal, content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert run.visitor().get("/api/applications/").status_code == 401

    # The clerk works the queue: opens each application, confirms the online ones.
    for name in ("open", "unconfirmed", "overdue", "closed"):
        assert clerk.get(f"/workspace/agencies/{agency}/applications/?filter={name}").status_code == 200
    for number in (WANG, LI, ZHAO, FIRM, ASSOCIATION):
        assert clerk.get(f"/workspace/applications/{run.pks[number]}/").status_code == 200
        run.act(clerk, number, "confirm")
    attachment = Application.objects.get(pk=run.pks[WANG]).attachments.get()
    assert (
        clerk.get(f"/workspace/applications/{run.pks[WANG]}/attachments/{attachment.pk}/").status_code == 200
    )

    # 补正 for 王芳, who looks her application up again in another browser (tracking code and the last four
    # digits of her telephone number) and supplies it there; the letter is there for her.
    run.act(clerk, WANG, "supplement", what="请写明所需资金拨付明细的年度与项目名称。", reply_by="")
    code = run.tracking[WANG].split("/")[2]
    wang = run.visitor()
    look_up = {"code": code.lower(), "check": "0001"}
    assert wang.post("/track/", look_up, REMOTE_ADDR="198.51.100.11", follow=True).status_code == 200
    supplement = {"text": "2025年度“机器换人”技术改造项目的补助资金拨付明细。"}
    assert wang.post(run.tracking[WANG], supplement).status_code == 302

    # The approver extends 李强's, decides the others; 赵敏 withdraws; the reply to 王芳 is delivered.
    run.act(approver, LI, "extend", reason="需要调取多个科室的档案。")
    run.act(approver, WANG, "decide", outcome="granted", article="", text="予以公开，见附件。")
    run.act(approver, LI, "decide", outcome="unable_not_held", article="", text="")
    run.act(approver, FIRM, "decide", outcome="partially_granted", article="", text="部分涉及商业秘密。")
    run.act(approver, ASSOCIATION, "decide", outcome="granted", article="", text="")
    run.act(clerk, ZHAO, "withdraw", note="申请人电话撤回。")
    run.act(clerk, WANG, "deliver")

    # Letters: downloaded by the applicants from their tracking pages and by staff from theirs.
    for number, client in ((WANG, wang), (LI, li), (FIRM, firm)):
        assert client.get(run.tracking[number]).status_code == 200
        application = Application.objects.get(pk=run.pks[number])
        assert application.letters.exists(), number
        for letter in application.letters.all():
            for fmt in ("pdf", "docx"):
                assert client.get(f"{run.tracking[number]}letters/{letter.pk}.{fmt}").status_code == 200
                staff_url = f"/workspace/applications/{application.pk}/letters/{letter.pk}.{fmt}"
                assert clerk.get(staff_url).status_code == 200

    # The daily sweep reminds the clerk and the approver of 陈刚's overdue application by e-mail.
    result = reminders.sweep(today)
    assert result.emailed >= 2, result
    assert clerk.get("/workspace/reminders/").status_code == 200
    for url in ("/workspace/", f"/workspace/agencies/{agency}/"):
        assert clerk.get(url).status_code == 200

    # The annual report: built from the records, narrated, published once the year is over (its warnings
    # acknowledged, the public version confirmed); read and downloaded by staff.
    response = clerk.post(f"/workspace/agencies/{agency}/reports/", {"year": today.year})
    assert response.status_code == 302, response.content.decode()[:3000]
    report_url = response["Location"]
    narrative = {"overview": "本年度依申请公开工作平稳。", "problems": "答复时限仍需压缩。", "other": "无。"}
    assert clerk.post(f"{report_url}narrative/", narrative).status_code == 302
    record = Report.objects.get(agency=cast.agency, year=today.year)
    new_year = datetime.date(today.year + 1, 1, 15)
    with override_settings(GONGKAI_REPORTS_TODAY=new_year):
        for warning in checks.checklist(record, new_year).warnings:
            fields = {"rule": warning.finding.rule, "cells": warning.cells, "reason": "已核对，予以发布。"}
            assert approver.post(f"{report_url}acknowledge/", fields).status_code == 302
        record.refresh_from_db()
        confirmation = {"seen": record.updated_at.isoformat(), "confirm": "on"}
        assert approver.post(f"{report_url}publish/", confirmation).status_code == 302
    record.refresh_from_db()
    assert record.is_published, record.data.get("findings")
    assert clerk.get(report_url).status_code == 200
    for fmt in FORMATS:
        assert clerk.get(f"/workspace/reports/{record.pk}.{fmt}").status_code == 200, fmt
    for path in list(record.provenance)[:3]:
        assert clerk.get(f"{report_url}cells/{path}/").status_code == 200

    # The oversight office reads its dashboard and exports it.
    oversight = run.staff_member(cast.oversight)
    for url in ("/oversight/", "/oversight/dashboard.xlsx", "/oversight/summary/"):
        assert oversight.get(url).status_code == 200, url

    # It opens applications, on the page and through the API, and sees the applicants' data masked: it
    # does not handle them. To answer a complaint it reveals one, with a reason.
    _row, token = do_create_api_token(cast.oversight, "督查系统")
    overseeing = RecordingClient(
        "the oversight office's system", run.staff, headers={"Authorization": f"Bearer {token}"}
    )
    for number in (WANG, CHEN, FIRM):
        assert oversight.get(f"/workspace/applications/{run.pks[number]}/").status_code == 200
        assert overseeing.get(f"/api/applications/{run.pks[number]}").status_code == 200
    revealing = run.staff_member(cast.oversight, who="oversight, after a reveal")
    url = f"/workspace/applications/{run.pks[WANG]}/"
    assert revealing.post(f"{url}personal-data/", {"reason": "电话答复投诉"}).status_code == 302
    assert ONLINE[WANG]["phone"] in revealing.get(url).content.decode()

    # The operator looks at an application in the admin.
    root = run.staff_member(cast.superuser)
    assert root.get("/admin/applications/application/").status_code == 200
    assert root.get(f"/admin/applications/application/{run.pks[WANG]}/change/").status_code == 200

    # The public reads everything it can reach.
    crawl(run, record)


PUBLIC_SEEDS = (
    "/",
    "/search/?q=技术改造",
    "/track/",
    "/open-data/",
    "/open-data/all.csv",
    "/open-data/all.zip",
    "/sitemap.xml",
    "/api/agencies/",
    "/api/catalog/documents",
    "/api/catalog/search?q=技术改造",
    "/api/openapi.json",
    "/api/docs",
    "/schema/annual-report-1.json",
    "/healthz",
)
NOT_PUBLIC = ("/workspace/", "/admin/", "/accounts/", "/static/", "/i18n/", "/track/GK")
CRAWL_LIMIT = 400


def crawl(run: Run, record: Report) -> None:
    """Every page and file the public reaches by following links from the portal (GET only)."""
    agencies = [run.cast.agency, run.cast.other_agency, run.cast.district]
    seeds = list(PUBLIC_SEEDS)
    for agency in agencies:
        pk = agency.pk
        seeds += [
            f"/agencies/{pk}/{page}" for page in ("", "catalog/", "guide/", "policies/", "annual-reports/")
        ]
        seeds += [
            f"/agencies/{pk}/{page}" for page in ("reports/", "catalog.csv", "catalog.json", "feed.rss")
        ]
        seeds += [f"/agencies/{pk}/feed.atom"]
    seeds += [f"/reports/{record.pk}/"] + [f"/reports/{record.pk}.{fmt}" for fmt in FORMATS]
    visitor = run.visitor()
    queue, seen = list(seeds), set(seeds)
    while queue and len(seen) <= CRAWL_LIMIT:
        url = queue.pop(0)
        response = visitor.get(url)
        assert response.status_code < 500, url
        content_type = response.get("Content-Type", "")
        if response.streaming or not content_type.startswith(
            ("text/html", "application/xml", "application/rss", "application/atom")
        ):
            continue
        page = response.content.decode(errors="replace")
        for groups in re.findall(r'(?:href|src)="([^"]+)"|<(?:loc|link)>([^<]+)</', page):
            link = html.unescape("".join(groups)).removeprefix("http://testserver").split("#")[0]
            public = link.startswith("/") and not link.startswith(("//", *NOT_PUBLIC))
            if public and link not in seen:
                seen.add(link)
                queue.append(link)


# --- the test -----------------------------------------------------------------------------------------------------


@pytest.fixture
def run(cast: Cast, settings: Any, tmp_path: Path, monkeypatch: Any) -> Run:
    seed_from_chinesecalendar()
    settings.ADMINS = [("运维值班", "ops@example.org")]
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False
    notice = catalog_actions.do_create_document(cast.clerk, cast.agency, title="关于2025年技术改造补助的通知")
    catalog_actions.do_submit_document(cast.clerk, notice)
    catalog_actions.do_record_secrecy_review(
        cast.secrecy_reviewer, notice, cleared=True, on=timezone.localdate()
    )
    catalog_actions.do_publish_document(cast.approver, notice, timezone.localdate())
    current = Run(cast=cast, today=timezone.localdate(), log_file=tmp_path / "run.log")
    with everything_logged_to(current.log_file):
        do_the_run(current, monkeypatch)
    return current


def test_applicants_id_numbers_are_nowhere_in_clear_text_after_a_full_run(
    run: Run, settings: Any, tmp_path: Path
) -> None:
    every_application_is_stored_encrypted_and_found_by_its_digest(run)
    staff_see_the_full_number_only_where_it_is_meant_and_logged(run)
    contacts_are_masked_for_who_does_not_handle_the_case(run)
    archive = tmp_path / "backup.tar.gz"
    make_backup(archive)

    found = {
        "the backup (database and media)": in_the_backup(archive, run),
        "stored files under MEDIA_ROOT": in_stored_files(Path(settings.MEDIA_ROOT)),
        "the log": in_the_log(run.log_file),
        "e-mails": in_emails(run),
        "responses to the public and applicants": in_public_responses(run),
        "staff pages and exports, which mask the number": in_staff_pages(run),
    }
    a_number_planted_in_the_log_is_found_on_its_line(run.log_file)

    assert not any(found.values()), "ID numbers in clear text:\n" + "\n".join(
        f"== {place}:\n{report(exposures)}" for place, exposures in found.items() if exposures
    )


def every_application_is_stored_encrypted_and_found_by_its_digest(run: Run) -> None:
    for number in NUMBERS:
        application = Application.objects.get(id_number_digest=crypto.digest(number))
        assert application.pk == run.pks[number]
        assert application.id_number == number
    with connection.cursor() as cursor:
        cursor.execute("SELECT id_number, phone FROM applications_application")
        stored = cursor.fetchall()
    assert len(stored) == len(NUMBERS)
    assert all(value.startswith(crypto.PREFIX) for row in stored for value in row), stored


def staff_see_the_full_number_only_where_it_is_meant_and_logged(run: Run) -> None:
    """The workspace page and the admin show the masked number; the API's one-application endpoint shows
    it in full to the token of an agency's staff; every opening is logged (RecordAccess)."""
    page = [
        s for s in run.staff if s.url == f"/workspace/applications/{run.pks[WANG]}/" and s.method == "GET"
    ]
    assert page and idcard.mask(WANG) in page[0].body.decode()
    record = [s for s in run.staff if s.url == f"/api/applications/{run.pks[CHEN]}"]
    assert record and CHEN in record[0].body.decode()
    accesses = set(RecordAccess.objects.values_list("application_id", "via"))
    assert {(run.pks[n], "page") for n in (WANG, LI, ZHAO, FIRM, ASSOCIATION)} <= accesses
    assert (run.pks[CHEN], "api") in accesses
    admin_page = [s for s in run.staff if s.url == f"/admin/applications/application/{run.pks[WANG]}/change/"]
    assert admin_page and idcard.mask(WANG) in admin_page[0].body.decode()
    assert (run.pks[WANG], "admin") in accesses


NOT_HANDLING = ("oversight", "the oversight office's system", "root")


def contacts_are_masked_for_who_does_not_handle_the_case(run: Run) -> None:
    """The oversight office and the operator read applications with phones and e-mails masked (T22),
    until a reveal; the reveal is one entry on the timeline, with its reason."""
    contacts = [value for fields in ONLINE.values() for value in (fields["phone"], fields["email"]) if value]
    served = [s for s in run.staff if s.who in NOT_HANDLING]
    assert len([s for s in served if "/applications/" in s.url]) >= 7
    found = [
        f"{value} in {s.where}"
        for s in served
        for value in contacts
        if value in s.body.decode(errors="replace")
    ]
    assert not found, found
    revealed = Application.objects.get(pk=run.pks[WANG]).events.filter(kind="personal_data_revealed")
    assert [(e.actor, e.message, e.public) for e in revealed] == [(run.cast.oversight, "电话答复投诉", False)]


def in_the_backup(archive: Path, run: Run) -> list[Exposure]:
    data = archive.read_bytes()
    text = readable_text("backup", data)
    # The database really is in there, readable: every tracking code, and the attachment's PDF text.
    for number in NUMBERS:
        code = Application.objects.get(pk=run.pks[number]).tracking_code
        assert code in text, f"{code} not found: the scan of the backup would be vacuous"
    assert "扫描件" in text
    return scan(NUMBERS, f"backup {archive.name}", data)


def in_stored_files(media_root: Path) -> list[Exposure]:
    files = sorted(path for path in media_root.rglob("*") if path.is_file())
    letter_files = [path for path in files if "letters" in path.parts]
    assert len(letter_files) >= 2 * 6 and any(path.suffix == ".pdf" for path in letter_files)
    found: list[Exposure] = []
    for path in files:
        data = path.read_bytes()
        if "letters" in path.parts:
            # Every letter states its number: the text the scanner reads is really the letter's.
            assert "依申请公开〔" in readable_text(str(path), data), path
        found += scan(NUMBERS, str(path.relative_to(media_root)), data)
    return found


LOG_RECORD = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} ", re.MULTILINE)


def in_the_log(log_file: Path) -> list[Exposure]:
    """Each log record scanned on its own, so that a finding names the record's logger and first line."""
    text = log_file.read_text(encoding="utf-8")
    # The log is complete: SQL with its parameters (the names are not encrypted), the server errors.
    assert 'INSERT INTO "applications_application"' in text and "王芳" in text
    assert "Internal Server Error: /agencies/" in text and "the storage is not answering" in text
    found = []
    starts = [match.start() for match in LOG_RECORD.finditer(text)] + [len(text)]
    for start, end in itertools.pairwise(starts):
        line = text.count("\n", 0, start) + 1
        header = text[start:end].split("\n", 1)[0][:160]
        for exposure in scan(
            NUMBERS, f"{log_file.name}, record of line {line} ({header})", text[start:end].encode()
        ):
            found.append(dataclasses.replace(exposure, line=line + exposure.line - 1))
    return found


def a_number_planted_in_the_log_is_found_on_its_line(log_file: Path) -> None:
    lines = log_file.read_text(encoding="utf-8").count("\n")
    handler = logging.FileHandler(log_file, encoding="utf-8")
    logging.getLogger("gongkai").addHandler(handler)
    try:
        logging.getLogger("gongkai").warning("planted: %s", PLANTED)
    finally:
        logging.getLogger("gongkai").removeHandler(handler)
        handler.close()
    found = scan((PLANTED,), f"log {log_file.name}", log_file.read_bytes())
    assert [exposure.line for exposure in found] == [lines + 1]


def in_emails(run: Run) -> list[Exposure]:
    subjects = [message.subject for message in mail.outbox]
    # The online form's step, its submission, the staff form, the API: one crash each.
    assert len([s for s in subjects if "Internal Server Error" in s]) == run.error_mail_count == 4, subjects
    assert any("GK" in s for s in subjects if "Internal Server Error" not in s), subjects  # the reminders
    found: list[Exposure] = []
    for index, message in enumerate(mail.outbox):
        found += scan(NUMBERS, f"e-mail {index} to {message.to}: {message.subject}", email_text(message))
    return found


def in_public_responses(run: Run) -> list[Exposure]:
    urls = {served.url for served in run.public}
    assert len(run.public) > 50, len(run.public)
    assert any("/letters/" in url and url.endswith(".pdf") for url in urls)
    assert any(url.startswith("/open-data/reports/") for url in urls), sorted(urls)
    found: list[Exposure] = []
    for served in run.public:
        found += scan(NUMBERS, served.where, served.headers.encode() + b"\n\n" + served.body)
    return found


# Staff responses meant to carry the full number: the API's one-application record (logged as an opening),
# and the API's answer to the system that filed the application, which echoes what it sent — both to those
# who handle the case (the agency's clerk and its system) only.
FULL_RECORD = re.compile(r"^(GET /api/applications/\d+|POST /api/applications/) ")
HANDLING = ("clerk", "approver", "the 12345 hotline's system")


def in_staff_pages(run: Run) -> list[Exposure]:
    found: list[Exposure] = []
    for served in run.staff:
        if not (FULL_RECORD.match(served.where) and served.who in HANDLING):
            found += scan(NUMBERS, served.where, served.headers.encode() + b"\n\n" + served.body)
    return found


# --- the control ----------------------------------------------------------------------------------------------------


def test_the_scanner_finds_a_planted_number_in_every_kind_of_container(tmp_path: Path) -> None:
    spaced, lower = f"{PLANTED[:6]} {PLANTED[6:14]} {PLANTED[14:]}", PLANTED.lower()
    docx = letters.write_docx("答复书", "〔2026〕1号", f"申请人证件号 {PLANTED}")
    pdf = letters.write_pdf("答复书", "〔2026〕1号", f"申请人证件号：{spaced}")
    zipped = io.BytesIO()
    with zipfile.ZipFile(zipped, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("inner/letter.docx", docx)
    tarred = io.BytesIO()
    with tarfile.open(fileobj=tarred, mode="w:gz") as archive:
        info = tarfile.TarInfo("media/letters/1.pdf")
        info.size = len(pdf)
        archive.addfile(info, io.BytesIO(pdf))
    message = mail.EmailMessage("提醒", "见附件。", "a@example.org", ["b@example.org"])
    message.attach("名单.bin", f"证件号 {PLANTED}".encode(), "application/octet-stream")  # sent as base64
    cases = {
        "plain": f"x {PLANTED} y".encode(),
        "lower case x": lower.encode(),
        "hyphens": f"{PLANTED[:6]}-{PLANTED[6:14]}-{PLANTED[14:]}".encode(),
        "log line": f"2026-01-01 INFO gongkai args=('{spaced}',)".encode(),
        "full-width digits": "".join(chr(ord(c) + 0xFEE0) for c in PLANTED).encode(),
        "docx": docx,
        "pdf": pdf,
        "zip of a docx": zipped.getvalue(),
        "tar.gz of a pdf": tarred.getvalue(),
        "base64 e-mail": email_text(message),
    }
    assert PLANTED not in message.message().as_string()
    for label, data in cases.items():
        assert [e.number for e in scan((WANG, PLANTED), label, data)] == [PLANTED], label
    # Near misses are not findings: another check digit, a masked number.
    assert scan((PLANTED,), "near", (PLANTED[:17] + "0").encode() + idcard.mask(PLANTED).encode()) == []
    with pytest.raises(Unreadable):
        scan((PLANTED,), "broken pdf", b"%PDF-1.4\nnot really")
    if shutil.which("pg_restore"):
        with pytest.raises(Unreadable):
            scan((PLANTED,), "broken dump", b"PGDMP" + b"\x00" * 40)
