"""Letters to applicants and consulted parties: wording from templates, a number, DOCX and PDF files.

The text comes from the agency's ``LetterTemplate`` (or the everyone's one, or the built-in wording in
``letter_texts``), rendered over plain values only — never model objects, so an edited template cannot
reach anything but the letter's facts. The files are A4 in the usual 公文 layout: the DOCX names 仿宋 and
黑体 for Word to use; the PDF embeds Noto CJK (Debian's fonts-noto-cjk), so it reads the same everywhere.
"""

from __future__ import annotations

import datetime
import html
import io
import re
from functools import partial
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template import Context, Template

from . import notifications
from .articles import article_for
from .letter_texts import DEFAULTS, FALLBACK
from .models import ApplicantKind, Application, Consultation, Fee, Letter, LetterTemplate
from .outcomes import outcome_row


def _date(day: datetime.date | None) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if day else ""


def addressee(applicant_kind: str) -> str:
    """How a letter says "you" to the applicant: 您 to a natural person, 贵单位 to any organisation."""
    return "您" if applicant_kind == ApplicantKind.NATURAL_PERSON else "贵单位"


# What may end a text someone typed: stops, commas and the like, in either width, and whitespace.
_TRAILING = re.compile(r"[\s\u3000。．.，,、；;：:！!？?…～~]+$")
_SPACES = re.compile(r"[\s\u3000]+")


def clause(text: str) -> str:
    """``text`` made to stand inside a sentence: one line, no stop or comma of its own at the end (the
    letter's wording supplies what follows it)."""
    return _TRAILING.sub("", _SPACES.sub(" ", text).strip())


def quotation(text: str) -> str:
    """``text`` to stand between the letter's “ and ”: a clause, its own double quotes turned into the
    single quotes that nest inside them (“…‘…’…”)."""
    return clause(text).replace("“", "‘").replace("”", "’")


def fee_method_words(fee: Fee) -> str:
    """How the fee notice names the way the fee was computed (国办函〔2020〕109号's two methods)."""
    if fee.method == Fee.Method.BY_PAGES:
        return f"按量计收（共{fee.pages}页）"
    return f"按件计收（本月第{fee.ordinal}件申请）"


# The texts people type, as they enter a letter: each a clause, which the wording around it punctuates.
_PLACED = {
    "description": quotation,
    "supplement_what": clause,
    "extension_reason": clause,
    "decision_text": clause,
    "consulted_party": clause,
    "reasons_asked": clause,
    "postponement_reason": clause,
}


def context(application: Application, issued_on: datetime.date, **extra: Any) -> dict[str, Any]:
    """The facts a letter may name, as plain strings; the texts people typed come without a stop of their
    own at the end, so that the wording's own punctuation is the only one."""
    agency = application.agency
    outcome = outcome_row(
        application.outcome, application.decided_on.year if application.decided_on else None
    )
    supplement = getattr(application, "supplement", None)
    values = {
        "you": addressee(application.applicant_kind),
        "applicant_name": application.applicant_name,
        "tracking_code": application.tracking_code,
        "description": application.description,
        "received_on": _date(application.received_on),
        "due_on": _date(application.due_on),
        "agency": agency.name,
        "reconsideration_body": agency.parent.name if agency.parent else agency.name,
        "issued_on": _date(issued_on),
        "outcome_label": outcome.words if outcome else "",
        "article": application.outcome_article or article_for(application.outcome),
        "decision_text": application.decision_text,
        "decided_on": _date(application.decided_on),
        "supplement_what": supplement.what if supplement else "",
        "supplement_reply_by": _date(supplement.reply_by) if supplement else "",
        "extension_reason": "",
    }
    values.update(
        {key: _date(value) if isinstance(value, datetime.date) else value for key, value in extra.items()}
    )
    for key, place in _PLACED.items():
        if key in values:
            values[key] = place(values[key])
    return values


def wording(application: Application, key: str) -> tuple[str, str]:
    """(title, body template) for ``key``: the agency's own, else everyone's, else (for a wording that
    replaced a general one, ``letter_texts.FALLBACK``) the agency's or everyone's general one, else the
    built-in one."""
    for candidate in (key, FALLBACK[key]) if key in FALLBACK else (key,):
        own = LetterTemplate.objects.filter(key=candidate, agency=application.agency).first()
        found = own or LetterTemplate.objects.filter(key=candidate, agency__isnull=True).first()
        if found:
            return found.title, found.body
    return DEFAULTS[key]


def render_text(body: str, values: dict[str, Any]) -> str:
    return Template("{% autoescape off %}" + body + "{% endautoescape %}").render(Context(values)).strip()


def paragraphs(text: str) -> list[str]:
    return [block.strip() for block in text.split("\n\n") if block.strip()]


def write_docx(title: str, number: str, text: str) -> bytes:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Cm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    def run(paragraph: Any, value: str, font: str, size: int, bold: bool = False) -> None:
        piece = paragraph.add_run(value)
        piece.font.size = Pt(size)
        piece.font.bold = bold
        piece.font.name = font
        piece._element.rPr.rFonts.set(qn("w:eastAsia"), font)

    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(heading, title, "黑体", 22)
    numbered = document.add_paragraph()
    numbered.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run(numbered, number, "仿宋", 16)
    blocks = paragraphs(text)
    for index, block in enumerate(blocks):
        for line in block.split("\n"):
            paragraph = document.add_paragraph()
            signature = index == len(blocks) - 1
            if signature:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            elif index > 0:
                paragraph.paragraph_format.first_line_indent = Pt(32)
            run(paragraph, line, "仿宋", 16)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


PDF_STYLE = """
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
body { font-family: "FangSong", "Noto Serif CJK SC", serif; font-size: 16pt; line-height: 1.75; }
h1 { font-family: "SimHei", "Noto Sans CJK SC", sans-serif; font-size: 22pt; text-align: center; font-weight: normal; margin: 0; }
p.number { text-align: center; margin: 0.3em 0 1.2em; }
p { margin: 0; text-indent: 2em; }
p.salutation { text-indent: 0; }
p.signature { text-align: right; text-indent: 0; }
"""


def write_pdf(title: str, number: str, text: str) -> bytes:
    from weasyprint import HTML

    blocks = paragraphs(text)
    body = []
    for index, block in enumerate(blocks):
        css = "salutation" if index == 0 else "signature" if index == len(blocks) - 1 else ""
        inner = "<br>".join(html.escape(line) for line in block.split("\n"))
        body.append(f'<p class="{css}">{inner}</p>')
    document = (
        f'<html lang="zh-CN"><head><meta charset="utf-8"><title>{html.escape(title)}</title>'
        f"<style>{PDF_STYLE}</style></head><body><h1>{html.escape(title)}</h1>"
        f'<p class="number">{html.escape(number)}</p>{"".join(body)}</body></html>'
    )
    return bytes(HTML(string=document).write_pdf())


def compose(application: Application, key: str, issued_on: datetime.date, **extra: Any) -> tuple[str, str]:
    """The letter's title and text, as it would be issued today (no number, no files)."""
    title, body = wording(application, key)
    return title, render_text(body, context(application, issued_on, **extra))


def issue_letter(
    application: Application, kind: str, key: str, issued_on: datetime.date, **extra: Any
) -> Letter:
    """Number and store a letter inside the caller's transaction (see actions.py); its DOCX and PDF files
    are written once that transaction commits (``write_letter_files``), so that a rollback leaves no
    file behind and the write lock is not held while a PDF is drawn."""
    title, text = compose(application, key, issued_on, **extra)
    agency = application.agency
    for _attempt in range(5):
        serial = (
            Letter.objects.filter(agency=agency, year=issued_on.year).aggregate(last=Max("serial"))["last"]
            or 0
        ) + 1
        number = f"{agency.display_name}依申请公开〔{issued_on.year}〕{serial}号"
        letter = Letter(
            application=application,
            agency=agency,
            kind=kind,
            year=issued_on.year,
            serial=serial,
            number=number,
            title=title,
            issued_on=issued_on,
            text=text,
        )
        try:
            with transaction.atomic():
                letter.save()
        except IntegrityError:
            continue  # another letter took the number first: draw the next one
        break
    else:
        raise RuntimeError("could not number the letter")
    transaction.on_commit(partial(write_letter_files, letter.pk))
    notifications.attach_letter(letter)
    return letter


def write_letter_files(letter_pk: int) -> None:
    """Draw a stored letter's DOCX and PDF and store them: run after the letter's transaction commits."""
    letter = Letter.objects.select_related("application").get(pk=letter_pk)
    stem = f"{letter.application.tracking_code}-{letter.serial}"
    letter.docx.save(
        f"{stem}.docx", ContentFile(write_docx(letter.title, letter.number, letter.text)), save=False
    )
    letter.pdf.save(
        f"{stem}.pdf", ContentFile(write_pdf(letter.title, letter.number, letter.text)), save=False
    )
    letter.save(update_fields=["docx", "pdf"])


def consultation_letter(consultation: Consultation, issued_on: datetime.date) -> Letter:
    return issue_letter(
        consultation.application,
        "consultation",
        "consultation:agency" if consultation.kind == Consultation.Kind.AGENCY else "consultation",
        issued_on,
        consulted_party=consultation.party,
        consultation_reply_by=consultation.reply_by,
    )


class _Rehearsed(Exception):
    """Raised to roll back a rehearsal (``rehearse``) once its letter has been read."""


def rehearse(application: Application, act: Any) -> tuple[str, str] | None:
    """The (title, text) of the letter that ``act()`` — an action on ``application`` — would issue now,
    without issuing it: the action runs in a transaction that is then rolled back, so no row stays, no
    number is used, no file is written and no message sent (those wait for a commit that never comes).
    None when the action issues no letter. The action's own refusals (``ValidationError``,
    ``PermissionDenied``) come out as they would from the action."""
    seen: list[tuple[str, str]] = []
    try:
        with transaction.atomic():
            before = application.letters.aggregate(last=Max("pk"))["last"] or 0
            act()
            letter = (
                Letter.objects.filter(application_id=application.pk, pk__gt=before).order_by("pk").first()
            )
            if letter is not None:
                seen.append((letter.title, letter.text))
            raise _Rehearsed
    except _Rehearsed:
        pass
    return seen[0] if seen else None


def decision_letter(
    application: Application, *, outcome: str, on: datetime.date, article: str = "", text: str = ""
) -> tuple[str, str]:
    """The (title, text) of the reply letter a decision (or a draft of one) would issue on ``on``: the same
    wording and facts as ``issue_letter``, from an unsaved copy of the application as decided."""
    from copy import copy

    from .letter_texts import reply_key

    decided = copy(application)
    decided.outcome = outcome
    decided.outcome_article = article or article_for(outcome)
    decided.decision_text = text
    decided.decided_on = on
    return compose(decided, reply_key(outcome), on)


def preview_blocks(text: str) -> list[dict[str, Any]]:
    """The letter's paragraphs as the PDF lays them out: the salutation, the body, the signature (right)."""
    blocks = paragraphs(text)
    return [
        {
            "lines": block.split("\n"),
            "part": "salutation" if index == 0 else "signature" if index == len(blocks) - 1 else "body",
        }
        for index, block in enumerate(blocks)
    ]
