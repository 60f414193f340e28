"""Demo batch audit: the sample reports that ship with gongkai (``gongkai.sample_reports``), audited for
秀洲区's oversight office."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from gongkai.agencies.models import Agency
from gongkai.sample_reports import data_files

from .actions import do_start_audit_job
from .collect import is_report_name
from .models import AuditJob
from .tasks import run_audit_job


def load_demo_audit(result: Any) -> None:
    district = Agency.objects.filter(name="嘉兴市秀洲区人民政府").first()
    user = get_user_model().objects.filter(username="xiuzhou_oversight").first()
    if district is None or user is None or AuditJob.objects.exists():
        return
    paths = [path for path in data_files() if is_report_name(path.name)]
    handles = [path.open("rb") for path in paths]
    try:
        job = do_start_audit_job(
            user, district, [(path.name, handle) for path, handle in zip(paths, handles, strict=True)]
        )
    finally:
        for handle in handles:
            handle.close()
    run_audit_job.call(job.pk)
    result.notes.append(
        f"演示批量审核 / demo batch audit: {job.total} 份已公开报告（/oversight/audits/{job.pk}/）"
    )
