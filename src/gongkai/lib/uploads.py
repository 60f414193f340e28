"""Uploaded files, judged by their content: the one check for every upload (catalog attachments,
application attachments). Files are stored as uploaded and always served as downloads, never inline."""

from __future__ import annotations

from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.storage import Storage
from django.http import FileResponse, HttpResponseRedirect
from django.template.defaultfilters import filesizeformat
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from gongkai.lib import filetypes
from gongkai.lib.storage import is_local


def max_upload_bytes() -> int:
    return int(settings.GONGKAI_MAX_ATTACHMENT_BYTES)


def check_upload(stream: IO[bytes], name: str, size: int) -> str:
    """The attachment's kind, judged by its content; ``ValidationError`` saying why it is refused."""
    limit = max_upload_bytes()
    if size > limit:
        raise ValidationError(
            _("“{name}” is {size}; attachments may be at most {limit}.").format(
                name=name, size=filesizeformat(size), limit=filesizeformat(limit)
            )
        )
    if size == 0:
        raise ValidationError(_("“{name}” is empty.").format(name=name))
    kind = filetypes.sniff(stream)
    if kind is None:
        raise ValidationError(
            _("“{name}” is not a PDF, Word (DOCX), Excel (XLSX) or image file (PNG, JPEG, GIF).").format(
                name=name
            )
        )
    if not filetypes.extension_matches(kind, name):
        raise ValidationError(
            _(
                "“{name}” is named as another kind of file than it contains ({kind}); rename it or upload the "
                "right file."
            ).format(name=name, kind=kind.upper())
        )
    return kind


def download_response(
    file: File, filename: str, content_type: str | None = None
) -> FileResponse | HttpResponseRedirect:
    """A stored file as a download, never rendered inline: the browser may not sniff its type, and should it
    open it anyway, the sandbox policy runs nothing in it.

    The caller has already decided that the user may have the file. A file in an object store is not
    streamed through the app server: the answer redirects to a signed link that expires after
    ``GONGKAI_S3_URL_SECONDS`` and makes the store send the same download headers."""
    storage: Storage | None = getattr(file, "storage", None)
    if storage is not None and not is_local(storage):
        parameters = {"ResponseContentDisposition": content_disposition_header(True, filename)}
        if content_type:
            parameters["ResponseContentType"] = content_type
        url = storage.url(file.name, parameters=parameters)  # type: ignore[call-arg]
        redirect = HttpResponseRedirect(url)
        # The link is this user's, for a few minutes: no cache may keep it.
        redirect["Cache-Control"] = "private, no-store"
        return redirect
    response = FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
