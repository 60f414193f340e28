from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from gongkai.lib.formfields import MultipleFileField


class AuditUploadForm(forms.Form):
    reports = MultipleFileField(
        label=_("Published reports (a ZIP, or several files)"),
        help_text=_(
            "PDF, Word, Excel, HTML, text, Markdown or JSON files, or ZIP archives of them, in any folder layout."
        ),
    )
