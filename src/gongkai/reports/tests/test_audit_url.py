"""``gongkai audit URL``: a report page and the attachments it links to, fetched from a local website."""

from __future__ import annotations

import json
import re
from io import StringIO

import pytest
from django.core.management import call_command

from gongkai.reports.auditing import apply_year, finish, read_report
from gongkai.reports.fetching import CheckedRedirects, Limits, attachment_links, audit_url
from gongkai.reports.parse import CannotRead
from gongkai.reports.render import render_docx, render_html, render_text
from gongkai.sample_reports import sample

from .test_rules import consistent
from .website import Page, website

PDF_REPORT = "hongze-qu-renmin-zhengfu-2024.pdf"


def html_page(body: str) -> Page:
    return Page("text/html; charset=utf-8", f"<html><body>{body}</body></html>".encode())


def report_text() -> bytes:
    return render_text(consistent()).encode("utf-8")


def run(*args: str) -> tuple[int, str, str]:
    out, err = StringIO(), StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("audit", *args, stdout=out, stderr=err)
    return int(exit_info.value.code or 0), out.getvalue(), err.getvalue()


def test_a_report_only_in_an_attachment_is_found_and_audited() -> None:
    pages = {
        "/xxgk/ndbg.html": html_page('<p>年度报告见附件：</p><a href="files/2024.pdf">洪泽区2024年报告</a>'),
        "/xxgk/files/2024.pdf": Page("application/pdf", sample(PDF_REPORT).read_bytes()),
    }
    with website(pages) as base:
        (result,) = audit_url(base + "/xxgk/ndbg.html")

    assert result.readable, result.error
    assert result.source == base + "/xxgk/files/2024.pdf"
    assert result.report is not None and result.report.year == 2024


def test_every_finding_names_the_address_it_was_read_from() -> None:
    broken = consistent()
    broken.reviews["reconsideration"]["total"] = 0
    pages = {
        "/ndbg.html": html_page('<a href="/report.docx">全文</a><a href="/other.pdf">附件</a>'),
        "/report.docx": Page("application/vnd.openxmlformats-officedocument", render_docx(broken)),
    }
    with website(pages) as base:
        code, out, _ = run("--json", base + "/ndbg.html")

    documents = json.loads(out)
    readable = [d for d in documents if "error" not in d]
    assert code == 2, "the missing attachment is reported as unreadable"
    assert [d["file"] for d in readable] == [base + "/report.docx"]
    assert readable[0]["findings"] and all(
        f["source"] == base + "/report.docx" for f in readable[0]["findings"]
    )
    (missing,) = [d for d in documents if "error" in d]
    assert missing["file"] == base + "/other.pdf" and "404" in missing["error"]


def test_a_report_printed_on_the_page_itself_is_audited() -> None:
    with website(
        {"/report.txt": Page("text/plain; charset=gb18030", render_text(consistent()).encode("gb18030"))}
    ) as base:
        code, out, _ = run(base + "/report.txt")
    assert code == 0 and "某市人民政府" in out and base + "/report.txt" in out


def test_a_slow_website_times_out_with_a_reason() -> None:
    with website({"/slow.html": Page("text/html", b"<html></html>", delay=3)}) as base:
        (result,) = audit_url(base + "/slow.html", limits=Limits(timeout=0.5))
    assert not result.readable and "超过0.5秒未响应" in (result.error or "")


def test_an_oversize_attachment_is_not_read() -> None:
    pages = {
        "/ndbg.html": html_page('<a href="/big.pdf">附件</a>'),
        "/big.pdf": Page("application/pdf", b"%PDF-1.4 " + b"0" * 5000),
    }
    with website(pages) as base:
        results = audit_url(base + "/ndbg.html", limits=Limits(max_bytes=1000))
    big = next(result for result in results if result.source.endswith("/big.pdf"))
    assert not big.readable and "上限" in (big.error or "") and "5009" in (big.error or "")


def test_content_that_is_not_a_report_is_not_fetched() -> None:
    with website({"/video": Page("video/mp4", b"\x00" * 100)}) as base:
        (result,) = audit_url(base + "/video")
    assert "video/mp4" in (result.error or "")


def test_only_web_addresses_are_fetched() -> None:
    (result,) = audit_url("file:///etc/passwd")
    assert not result.readable and "http" in (result.error or "")


@pytest.mark.parametrize(
    ("href", "text", "found"),
    [
        ("/a/2024.pdf", "附件", "http://gov.test/a/2024.pdf"),
        ("b.DOCX?id=3", "下载", "http://gov.test/x/b.DOCX?id=3"),
        ("/download?id=7", "2024年报告.xls", "http://gov.test/download?id=7"),
        ("/news.html", "新闻", None),
        ("javascript:void(0)", "报告.pdf", None),
    ],
)
def test_attachment_links_are_found_by_their_address_or_their_text(
    href: str, text: str, found: str | None
) -> None:
    links = attachment_links(f'<a href="{href}">{text}</a>', "http://gov.test/x/page.html")
    assert links == ([found] if found else [])


def test_for_the_web_api_addresses_on_the_private_network_are_refused() -> None:
    with website({"/report.txt": Page("text/plain", report_text())}) as base:
        (result,) = audit_url(base + "/report.txt", limits=Limits(public_only=True))
    assert not result.readable and "内部网络" in (result.error or "")


def test_a_redirect_to_the_private_network_is_refused() -> None:
    handler = CheckedRedirects(Limits(public_only=True))
    with pytest.raises(CannotRead, match="内部网络"):
        handler.redirect_request(None, None, 302, "Found", {}, "http://127.0.0.1:8000/admin/")


def test_a_report_page_in_gb18030_and_its_attachment_are_both_audited() -> None:
    page = render_html(consistent()).replace("</body>", '<a href="fujian.docx">附件下载</a></body>')
    pages = {
        "/ndbg/index.html": Page("text/html; charset=gb18030", page.encode("gb18030")),
        "/ndbg/fujian.docx": Page("application/octet-stream", render_docx(consistent())),
    }
    with website(pages) as base:
        results = audit_url(base + "/ndbg/index.html")

    assert [result.source for result in results] == [base + "/ndbg/index.html", base + "/ndbg/fujian.docx"]
    assert all(result.readable and result.ok for result in results), [result.error for result in results]


def test_the_year_given_for_a_fetched_report_is_known_before_the_rules_run() -> None:
    """A page whose report states no year, audited with ``--year``: the rules that need the year (here R12's
    fee check, which starts with the 2021 fee rules) run as they do for a report that states it."""
    text = re.sub(r"20\d\d年", "", sample("putian-tongjiju-2022.txt").read_text(encoding="utf-8"))
    stated = read_report(text.encode("utf-8"), "report.txt")
    assert stated.year is None
    apply_year(stated, 2022)
    expected = sorted(finding.rule for finding in finish("report.txt", stated, None).findings)
    with website({"/ndbg.txt": Page("text/plain; charset=utf-8", text.encode("utf-8"))}) as base:
        (result,) = audit_url(base + "/ndbg.txt", year=2022)

    assert result.report is not None and result.report.year == 2022
    assert sorted(finding.rule for finding in result.findings) == expected and "R12" in expected
