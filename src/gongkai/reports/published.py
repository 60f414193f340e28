"""Published reports' files, rendered once and kept in the public storage (``STORAGES["public"]``).

A published report never changes (a correction is a new version), so each of its downloads is rendered the
first time someone asks for it and then served as stored: from the app's own disk on a single host, or
straight from the object store — a public bucket, possibly behind a CDN — in a province deployment, with
``Cache-Control: public``. Rendering a PDF takes seconds; a burst of readers should not pay it each."""

from __future__ import annotations

from django.conf import settings
from django.core.files.base import ContentFile
from django.http import FileResponse, HttpResponseRedirect

from gongkai.lib.storage import is_local, public_storage

from .models import Report
from .output import CONTENT_TYPES, PUBLIC_FORMATS
from .output import render as render_report

# The formats stored and served as files; HTML and text stay pages of the site (with its security headers).
STORED_FORMATS = PUBLIC_FORMATS


def file_name(record: Report, fmt: str) -> str:
    return f"report-{record.agency_id}-{record.year}-v{record.version}.{fmt}"


def inline(fmt: str) -> bool:
    return fmt in ("html", "pdf")


def stored_file(record: Report, fmt: str) -> str:
    """The report's file in ``fmt`` in the public storage, rendered and stored the first time.
    ``FormatUnavailable`` when the renderer is missing."""
    assert record.is_published and fmt in STORED_FORMATS
    storage = public_storage()
    name = f"reports/{record.agency_id}/{file_name(record, fmt)}"
    if not storage.exists(name):
        extra = {"version": record.version, "status": record.status, "source": record.source}
        content = render_report(record.annual_report(), fmt, None, extra)
        # Two readers at once may both render it; the second copy is stored under another name and
        # served to its reader: nothing is overwritten, and both are the same bytes.
        name = storage.save(name, ContentFile(content))
    return name


def download(record: Report, fmt: str) -> FileResponse | HttpResponseRedirect:
    """The published report's file: streamed from the stored file (so the page cache, which keeps pages,
    does not copy it into the cache too), or a redirect to the object store's public link."""
    storage = public_storage()
    name = stored_file(record, fmt)
    response: FileResponse | HttpResponseRedirect
    if not is_local(storage):
        response = HttpResponseRedirect(storage.url(name))
    else:
        response = FileResponse(
            storage.open(name, "rb"),
            as_attachment=not inline(fmt),
            filename=file_name(record, fmt),
            content_type=CONTENT_TYPES[fmt],
        )
    response["Cache-Control"] = f"public, max-age={settings.GONGKAI_PUBLIC_FILE_MAX_AGE}"
    return response
