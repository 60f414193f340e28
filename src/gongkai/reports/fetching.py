"""Auditing a report where it is published: a web page, and the attachments it links to.

>>> results = audit_url("https://www.example.gov.cn/zfxxgk/ndbg/2024.html")

Government websites publish an annual report as a page, as an attachment (PDF, Word, Excel) linked from a
short page, or both. ``audit_url`` fetches the page, audits it, follows its attachment links and audits each
of them; every result — and every finding in its JSON — names the address it was read from. Fetching is
bounded: a timeout per request, a size limit per file, a limit on the number of attachments, and only
``http``/``https`` addresses. No database, no Django request.
"""

from __future__ import annotations

import ipaddress
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message
from typing import Any

from gongkai.annual_report.model import AnnualReport
from gongkai.lib.encoding import UndecodableText, decode_text
from gongkai.reports.auditing import MAX_BYTES, AuditResult, audit
from gongkai.reports.parse import CannotRead

USER_AGENT = "gongkai-audit/1 (+https://github.com/gongkai; annual report audit)"
# Link targets that are a report's attachment, by how the address (or its link text) ends.
ATTACHMENT = re.compile(r"\.(pdf|docx?|xlsx?|wps|et|ofd)(?:$|[?#])", re.IGNORECASE)
# What a report page or attachment may be served as; anything else (video, archives) is not fetched.
CONTENT_TYPES = (
    "text/",
    "application/pdf",
    "application/msword",
    "application/vnd.ms-excel",
    "application/vnd.openxmlformats-officedocument",
    "application/octet-stream",
    "application/x-download",
    "application/force-download",
    "application/xhtml+xml",
    "application/kswps",
    "image/",
)


@dataclass(frozen=True)
class Limits:
    """How far one ``audit_url`` may go: seconds per request, bytes per file, attachments per page."""

    timeout: float = 20.0
    max_bytes: int = MAX_BYTES
    max_attachments: int = 10
    # Refuse addresses on this machine or its private network (what the web API asks: a caller must not
    # make the server read its neighbours). The command line, run by the machine's own user, may.
    public_only: bool = False


@dataclass
class Fetched:
    url: str  # after redirects
    data: bytes
    content_type: str
    name: str  # a file name for the reader's layout hint


def is_url(given: str) -> bool:
    return given.startswith(("http://", "https://"))


def fetch(url: str, limits: Limits = Limits()) -> Fetched:
    """The bytes at ``url``; raises :class:`CannotRead` with a Chinese reason (address, status, size, type)."""
    check_address(url, limits)
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "*/*"})
    opener = urllib.request.build_opener(CheckedRedirects(limits))
    try:
        with opener.open(request, timeout=limits.timeout) as response:
            headers: Message = response.headers
            content_type = headers.get_content_type()
            if not content_type.startswith(CONTENT_TYPES):
                raise CannotRead(f"网址 {url} 返回的内容类型为 {content_type}，不是报告页面或附件")
            declared = headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > limits.max_bytes:
                raise CannotRead(too_large(url, int(declared), limits))
            data = response.read(limits.max_bytes + 1)
            if len(data) > limits.max_bytes:
                raise CannotRead(too_large(url, len(data), limits))
            final = response.geturl()
    except urllib.error.HTTPError as exc:
        raise CannotRead(f"网址 {url} 返回错误 {exc.code}") from exc
    except TimeoutError as exc:
        raise CannotRead(f"网址 {url} 超过{limits.timeout:g}秒未响应") from exc
    except urllib.error.URLError as exc:
        if isinstance(exc.reason, TimeoutError):
            raise CannotRead(f"网址 {url} 超过{limits.timeout:g}秒未响应") from exc
        raise CannotRead(f"无法打开网址 {url}（{exc.reason}）") from exc
    except OSError as exc:  # connection reset, remote closed mid-body
        raise CannotRead(f"无法读取网址 {url}（{type(exc).__name__}）") from exc
    return Fetched(final, data, content_type, file_name(final, headers))


def check_address(url: str, limits: Limits) -> None:
    """Raise :class:`CannotRead` for an address ``fetch`` may not open under ``limits``."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CannotRead(f"只能读取 http 或 https 网址：{url}")
    if not limits.public_only:
        return
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 80)}
    except (socket.gaierror, UnicodeError) as exc:
        raise CannotRead(f"无法解析网址 {url} 的主机名") from exc
    for address in addresses:
        ip = ipaddress.ip_address(str(address).split("%", 1)[0])
        if not ip.is_global or ip.is_multicast:
            raise CannotRead(f"网址 {url} 指向内部网络地址，不予读取")


class CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects are followed only to addresses ``fetch`` may open itself."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits

    def redirect_request(self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str) -> Any:
        check_address(newurl, self.limits)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def too_large(url: str, size: int, limits: Limits) -> str:
    return f"网址 {url} 的文件超过{limits.max_bytes // 1024 // 1024 or 1} MB上限（{size} 字节），未读取"


def file_name(url: str, headers: Message) -> str:
    """The attachment's name from Content-Disposition, else the address's last path segment."""
    disposition = headers.get_filename()
    if disposition:
        return disposition
    path = urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    return path.rsplit("/", 1)[-1] or "index.html"


def attachment_links(html: str, base_url: str) -> list[str]:
    """The absolute addresses of the attachments a page links to, in page order, each once."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "lxml")
    links: list[str] = []
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"]).strip()
        if not href or href.startswith(("javascript:", "mailto:", "#")):
            continue
        if ATTACHMENT.search(href) or ATTACHMENT.search(anchor.get_text(strip=True) + "?"):
            absolute = urllib.parse.urljoin(base_url, href)
            if absolute not in links and absolute != base_url:
                links.append(absolute)
    return links


def is_html(fetched: Fetched) -> bool:
    return fetched.content_type in ("text/html", "application/xhtml+xml") or fetched.data.lstrip()[
        :200
    ].lower().startswith((b"<!doctype html", b"<html"))


def audit_url(
    url: str,
    *,
    limits: Limits = Limits(),
    previous: AnnualReport | None = None,
    year: int | None = None,
) -> list[AuditResult]:
    """Audit the report at ``url``: the page itself and each attachment it links to.

    The page's own result is kept when it reads as a report, or when nothing else does (then it says why
    the page could not be read). Every result's ``source`` is the address it was read from."""
    try:
        page = fetch(url, limits)
    except CannotRead as exc:
        return [AuditResult(url, error=exc.reason)]
    page_result = audit_fetched(page, previous, year)
    if not is_html(page):
        return [page_result]
    try:
        text, _encoding = decode_text(page.data)
    except UndecodableText:  # labelled HTML, but binary: no links to follow
        return [page_result]
    attachments = attachment_links(text, page.url)
    results = []
    for link in attachments[: limits.max_attachments]:
        try:
            results.append(audit_fetched(fetch(link, limits), previous, year))
        except CannotRead as exc:
            results.append(AuditResult(link, error=exc.reason))
    if len(attachments) > limits.max_attachments:
        results.append(
            AuditResult(
                page.url,
                error=f"页面链接了{len(attachments)}个附件，只审核了前{limits.max_attachments}个",
            )
        )
    if page_result.readable or not any(result.readable for result in results):
        results.insert(0, page_result)
    return results


def audit_fetched(fetched: Fetched, previous: AnnualReport | None, year: int | None) -> AuditResult:
    result = audit(fetched.data, previous=previous, name=fetched.name, year=year)
    result.source = fetched.url
    if result.report is not None:
        result.report.source = fetched.url
    return result


def with_sources(result: AuditResult) -> dict[str, Any]:
    """``result`` as its JSON document, each finding carrying the address of the report it is about."""
    document = result.to_json()
    for finding in document.get("findings", ()):
        finding["source"] = result.source
    return document
