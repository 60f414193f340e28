"""Annual reports (年度报告) as records: build from gongkai's records, parse, render, store, publish, audit.

The report's domain (the document, the formats, the rules) is :mod:`gongkai.annual_report`.

``gongkai.reports.audit(path_or_bytes) -> AuditResult`` works without a database or Django settings.
"""

from __future__ import annotations

from gongkai.reports.auditing import AuditResult, audit

__all__ = ["AuditResult", "audit"]
