"""Annual reports (年度报告): the formats as data, parsers, the validator and the audit API.

``gongkai.reports.audit(path_or_bytes) -> AuditResult`` works without a database or Django settings.
"""

from __future__ import annotations

from gongkai.reports.auditing import AuditResult, audit

__all__ = ["AuditResult", "audit"]
