"""Every write to the catalog. Views, the API, admin, commands and tests all call these.

Each action checks access (``gongkai.agencies.access``), changes the rows, writes the audit log and brings
the search index up to date — all in one transaction, so that a failure leaves nothing behind.
"""

from __future__ import annotations

import datetime
import hashlib
from collections.abc import Iterable
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils.translation import gettext as _

from gongkai.agencies.access import Action, can, recorded_as
from gongkai.agencies.actions import NotAllowed
from gongkai.agencies.models import Agency
from gongkai.lib import richtext, uploads
from gongkai.workdays.queries import current_calendar

from . import bulk, deadlines, index_numbers
from .access import right_to_change
from .models import (
    Article20Item,
    Attachment,
    DecisionCount,
    Document,
    DocumentEvent,
    Genre,
    Guide,
    InterpretationKind,
    SecrecyReview,
    Topic,
)
from .search import backend

if TYPE_CHECKING:
    from gongkai.agencies.access import Actor
    from gongkai.workdays.calendar import Calendar


__all__ = ["InvalidTransition", "NotAllowed"]

EDITABLE_FIELDS = (
    "title", "body", "document_number", "written_on", "published_on", "topic", "genre", "disclosure_mode",
    "withholding_ground", "withholding_reason", "article20_item", "interprets", "index_number",
    "interpretation_kind", "media_url",
)  # fmt: skip


class InvalidTransition(ValidationError):
    pass


def _require(actor: Actor, action: Action, agency: Agency) -> None:
    if actor is None or not can(actor, action, agency):
        raise NotAllowed


def _log(
    document: Document, actor: Actor, kind: str, changes: dict[str, Any] | None = None, note: str = ""
) -> None:
    DocumentEvent.objects.create(
        document=document,
        actor=recorded_as(actor),
        kind=kind,
        changes=changes or {},
        note=note,
    )


def _json_value(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _prepare(document: Document, calendar: Calendar | None) -> None:
    """Derived fields: sanitised body and its text, the 第二十六条 due date, full validation."""
    document.body = richtext.sanitise(document.body)
    document.body_text = richtext.to_text(document.body)
    document.publish_due_on = (
        deadlines.publish_due_on(document.written_on, calendar) if document.written_on else None
    )
    if document.interprets_id is not None and document.interprets_id == document.pk:
        raise ValidationError({"interprets": _("A document cannot interpret itself.")})
    document.full_clean(exclude=["index_number"] if not document.index_number else None)


def _reindex(document: Document) -> None:
    # Same transaction as the document on purpose: the index can never disagree with the catalog.
    backend().update([document])


@transaction.atomic
def do_create_document(
    actor: Actor, agency: Agency, *, calendar: Calendar | None = None, **fields: Any
) -> Document:
    """A new draft of ``agency`` (clerks and above), with its 公开属性 decided as it is made (第十四–十六条:
    a 不予公开 names the law's category and the reason, ``Document.clean``)."""
    _require(actor, Action.WORK, agency)
    document = Document(
        agency=agency,
        created_by=recorded_as(actor),
        **{k: v for k, v in fields.items() if k in EDITABLE_FIELDS},
    )
    document.index_number = document.index_number or None
    _prepare(document, calendar)
    document.save()
    _log(document, actor, DocumentEvent.Kind.CREATED)
    return document


@transaction.atomic
def do_update_document(
    actor: Actor, document: Document, *, calendar: Calendar | None = None, **fields: Any
) -> Document:
    """Change a document's fields (a published document's changes need an approver: ``right_to_change``).
    Fields given unchanged change nothing: no save, no log entry. A change before publication voids the
    secrecy review, which was of the earlier text (第十七条)."""
    _require(actor, right_to_change(document), document.agency)
    changes = {}
    for name, value in fields.items():
        if name not in EDITABLE_FIELDS:
            continue
        old = getattr(document, name)
        if old != value:
            changes[name] = [_json_value(old), _json_value(value)]
            setattr(document, name, value)
    if not changes:
        return document
    document.index_number = document.index_number or None
    _prepare(document, calendar)
    if document.status != Document.Status.PUBLISHED:
        document.secrecy_review = None
    document.save()
    _log(document, actor, DocumentEvent.Kind.UPDATED, changes)
    _reindex(document)
    return document


def _transition(document: Document, step: str, message: str) -> None:
    if step not in document.next_steps():
        raise InvalidTransition(message)


@transaction.atomic
def do_submit_document(actor: Actor, document: Document) -> Document:
    """Draft → in review (clerks and above)."""
    _require(actor, Action.WORK, document.agency)
    _transition(document, "submit", _("Only a draft can be submitted for review."))
    document.status = Document.Status.IN_REVIEW
    document.save(update_fields=["status", "updated_at"])
    _log(document, actor, DocumentEvent.Kind.SUBMITTED)
    return document


@transaction.atomic
def do_return_document(actor: Actor, document: Document, note: str = "") -> Document:
    """In review → draft, with the approver's note."""
    _require(actor, Action.APPROVE, document.agency)
    _transition(document, "return", _("Only a document in review can be returned."))
    document.status = Document.Status.DRAFT
    document.secrecy_review = None  # it comes back changed, to be reviewed again
    document.save(update_fields=["status", "secrecy_review", "updated_at"])
    _log(document, actor, DocumentEvent.Kind.RETURNED, note=note)
    return document


@transaction.atomic
def do_record_secrecy_review(
    actor: Actor, document: Document, *, cleared: bool, on: datetime.date, note: str = ""
) -> SecrecyReview:
    """条例第十七条: the 保密审查 of a document in review, by the person its agency assigned to it
    (``Action.REVIEW_SECRECY``). Not cleared, it says why, and the document cannot be published."""
    _require(actor, Action.REVIEW_SECRECY, document.agency)
    _transition(document, "secrecy_review", _("Only a document in review is reviewed for secrets."))
    if not cleared and not note.strip():
        raise ValidationError({"note": _("Say what may not be published.")})
    review = SecrecyReview.objects.create(
        document=document, reviewer=recorded_as(actor), on=on, cleared=cleared, note=note.strip()
    )
    document.secrecy_review = review
    document.save(update_fields=["secrecy_review", "updated_at"])
    verdict = _("cleared for publication") if cleared else _("not cleared")
    words = f"{verdict}：{review.note}" if review.note else str(verdict)
    _log(document, actor, DocumentEvent.Kind.SECRECY_REVIEWED, note=words[:500])
    return review


@transaction.atomic
def do_publish_document(actor: Actor, document: Document, today: datetime.date) -> Document:
    """In review → published (approvers): gives it an index number and a publication date if it has none.

    条例第十七条: only after a 保密审查 of the document as it stands has cleared it; and a document decided
    不予公开 (第十四–十六条) is not published at all."""
    _require(actor, Action.APPROVE, document.agency)
    _transition(document, "publish", _("Only a document in review can be published."))
    if document.genre is not None and document.genre.code == Genre.INTERPRETATION:
        _check_interpretation(document)
    if document.disclosure_mode == Document.DisclosureMode.NOT_DISCLOSED:
        raise InvalidTransition(
            _("This document is decided 不予公开 ({article}); it is not published.").format(
                article=document.withholding_article
            )
        )
    review = document.secrecy_review
    if review is None:
        raise InvalidTransition(
            _(
                "Article 17: a document is published only after its secrecy review (保密审查). No review of "
                "this document as it stands is recorded; ask the agency's secrecy reviewer."
            )
        )
    if not review.cleared:
        raise InvalidTransition(
            _("The secrecy review of {on} did not clear this document: {note}").format(
                on=review.on.isoformat(), note=review.note
            )
        )
    document.status = Document.Status.PUBLISHED
    document.published_on = document.published_on or today
    if not document.index_number:
        document.index_number = index_numbers.allocate(
            document.agency, document.published_on.year, document.topic
        )
    document.save()
    _log(document, actor, DocumentEvent.Kind.PUBLISHED, {"index_number": document.index_number})
    _reindex(document)
    return document


def _check_interpretation(document: Document) -> None:
    """A 政策解读 is published linked to the public policy document it explains (both pages show the link)."""
    if document.interprets is None or not document.interprets.is_public:
        raise InvalidTransition(
            {
                "interprets": _(
                    "An interpretation is published with the published policy document it explains."
                )
            }
        )
    if not document.interpretation_kind:
        document.interpretation_kind = InterpretationKind.TEXT


@transaction.atomic
def do_publish_interpretation(actor: Actor, document: Document, today: datetime.date) -> Document:
    """Publish a 政策解读 (文字解读, 图解, 音视频 link or 新闻发布会 record): a document of the genre
    ``interpretation``, published as any document is — after its secrecy review (第十七条) — and only
    linked to the public policy document it explains."""
    if document.genre is None or document.genre.code != Genre.INTERPRETATION:
        raise InvalidTransition(
            {"genre": _("Only a document of the genre 政策解读 is published as an interpretation.")}
        )
    return do_publish_document(actor, document, today)


@transaction.atomic
def do_repeal_document(
    actor: Actor, document: Document, on: datetime.date, repealed_by: Document | None = None
) -> Document:
    """Mark a published document 废止 from ``on``, optionally naming the repealing document."""
    return _end_validity(actor, document, Document.Validity.REPEALED, on, repealed_by)


@transaction.atomic
def do_expire_document(actor: Actor, document: Document, on: datetime.date) -> Document:
    """Mark a published document 失效 from ``on``."""
    return _end_validity(actor, document, Document.Validity.EXPIRED, on, None)


def _end_validity(
    actor: Actor, document: Document, validity: str, on: datetime.date, repealed_by: Document | None
) -> Document:
    _require(actor, Action.APPROVE, document.agency)
    if document.status == Document.Status.PUBLISHED and document.validity != Document.Validity.IN_FORCE:
        raise InvalidTransition(_("This document is no longer in force."))
    _transition(document, "repeal", _("Only a published document can be repealed or expire."))
    if repealed_by is not None and repealed_by.pk == document.pk:
        raise ValidationError({"repealed_by": _("A document cannot repeal itself.")})
    document.validity = validity
    document.validity_changed_on = on
    document.repealed_by = repealed_by
    document.save()
    kind = (
        DocumentEvent.Kind.REPEALED if validity == Document.Validity.REPEALED else DocumentEvent.Kind.EXPIRED
    )
    _log(
        document, actor, kind, {"on": on.isoformat(), "repealed_by": repealed_by.pk if repealed_by else None}
    )
    _reindex(document)
    return document


@transaction.atomic
def do_add_attachment(actor: Actor, document: Document, stream: IO[bytes], name: str) -> Attachment:
    """Attach a file (checked by content, size-limited) to a document (``right_to_change``: a published
    document's attachments are published with it, so they need an approver)."""
    _require(actor, right_to_change(document), document.agency)
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(0)
    kind = uploads.check_upload(stream, name, size)
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(1 << 20), b""):
        digest.update(chunk)
    stream.seek(0)
    attachment = Attachment(
        document=document, original_name=name[:200], kind=kind, size=size, sha256=digest.hexdigest()
    )
    attachment.file.save(name, File(stream), save=False)
    try:
        attachment.save()
    except Exception:
        attachment.file.delete(save=False)
        raise
    _log(document, actor, DocumentEvent.Kind.ATTACHED, {"name": name, "kind": kind, "size": size})
    return attachment


@transaction.atomic
def do_update_guide(actor: Actor, agency: Agency, body: str) -> Guide:
    """Replace the agency's 公开指南 (its administrators). The guide given unchanged changes nothing."""
    _require(actor, Action.ADMINISTER, agency)
    guide, created = Guide.objects.get_or_create(agency=agency, defaults={"body": ""})
    body = richtext.sanitise(body)
    if body == guide.body and not created:
        return guide
    guide.body = body
    guide.updated_by = recorded_as(actor)
    guide.save()
    return guide


@transaction.atomic
def do_set_decision_counts(
    actor: Actor, agency: Agency, year: int, **values: int | Decimal | str | None
) -> DecisionCount:
    """Enter the year's 许可/处罚/强制 decisions, fee income and procurement (approvers)."""
    _require(actor, Action.APPROVE, agency)
    counts, _created = DecisionCount.objects.get_or_create(agency=agency, year=year)
    for name, value in values.items():
        if name in ("id", "agency", "agency_id", "year"):
            continue
        setattr(counts, name, value)
    counts.full_clean()
    counts.save()
    return counts


def _check_import_row(
    agency: Agency,
    number: int,
    row: dict[str, str],
    seen_numbers: dict[str, int],
    vocabularies: dict[str, dict],
) -> tuple[Document | None, list[bulk.RowError]]:
    errors: list[bulk.RowError] = []

    def fail(field: str, reason: str) -> None:
        errors.append(bulk.RowError(number, field, reason))

    if "_error" in row:
        fail(_("row"), _("Each entry must be an object of column names and values."))
        return None, errors
    document = Document(agency=agency, status=Document.Status.PUBLISHED)
    document.title = row.get("title", "")
    if not document.title:
        fail("标题", _("The title is missing."))
    elif len(document.title) > 300:
        fail("标题", _("The title is longer than 300 characters."))
    if row.get("agency") and row["agency"] not in (agency.name, agency.short_name):
        fail("发布机构", _("“{name}” is not the agency importing this file.").format(name=row["agency"]))
    for field, label, required in (("published_on", "发布日期", True), ("written_on", "成文日期", False)):
        value = row.get(field, "")
        if not value:
            if required:
                fail(label, _("The date is missing."))
            continue
        try:
            setattr(document, field, bulk.parse_date(value))
        except ValueError:
            fail(label, _("“{value}” is not a date (write 2019-03-01).").format(value=value))
    for field, label in (("topic", "主题分类"), ("genre", "体裁分类")):
        value = row.get(field, "")
        if value:
            found = vocabularies[field].get(value)
            if found is None:
                fail(label, _("“{value}” is not in the vocabulary.").format(value=value))
            setattr(document, field, found)
    for field, label, choices, default in (
        ("disclosure_mode", "公开方式", Document.DisclosureMode, Document.DisclosureMode.PROACTIVE),
        ("validity", "有效性", Document.Validity, Document.Validity.IN_FORCE),
        ("article20_item", "第二十条事项", Article20Item, ""),
    ):
        value = row.get(field, "")
        chosen = bulk.choice_value(choices, value) if value else default
        if chosen is None:
            fail(label, _("“{value}” is not one of the allowed values.").format(value=value))
        else:
            setattr(document, field, chosen)
    if document.disclosure_mode == Document.DisclosureMode.NOT_DISCLOSED:
        fail("公开方式", _("A document not disclosed is not imported as published."))
    document.document_number = row.get("document_number", "")[:100]
    body = row.get("body", "")
    if richtext.has_active_content(body):
        fail("正文", _("The body contains script, frames or event handlers, which documents may not carry."))
    document.body = body
    index_number = row.get("index_number", "")
    if index_number:
        try:
            index_numbers.check(agency, index_number)
        except index_numbers.IndexNumberError as exc:
            fail("索引号", str(exc))
        if index_number in seen_numbers:
            fail(
                "索引号",
                _("“{number}” is also in row {row}.").format(
                    number=index_number, row=seen_numbers[index_number]
                ),
            )
        elif Document.objects.filter(index_number=index_number).exists():
            fail("索引号", _("“{number}” is already used by another document.").format(number=index_number))
        seen_numbers.setdefault(index_number, number)
        document.index_number = index_number
    return (None if errors else document), errors


@transaction.atomic
def do_import_documents(
    actor: Actor,
    agency: Agency,
    rows: Iterable[tuple[int, dict[str, str]]],
    *,
    calendar: Calendar | None = None,
) -> list[Document]:
    """Publish documents from import rows (approvers): every row or — on any error — none. The rows are
    documents already published elsewhere: each gets a review marked ``imported`` (第十七条's review was
    the source system's).

    Raises ``bulk.ImportFailed`` listing each row's errors (row number, field, reason).
    """
    _require(actor, Action.APPROVE, agency)
    vocabularies: dict[str, dict] = {"topic": {}, "genre": {}}
    for model, key in ((Topic, "topic"), (Genre, "genre")):
        for item in model.objects.all():
            vocabularies[key][item.name] = item
            vocabularies[key][item.code] = item
    errors: list[bulk.RowError] = []
    documents: list[Document] = []
    seen_numbers: dict[str, int] = {}
    for number, row in rows:
        document, row_errors = _check_import_row(agency, number, row, seen_numbers, vocabularies)
        errors.extend(row_errors)
        if document is not None:
            documents.append(document)
    if not errors and not documents:
        errors.append(bulk.RowError(0, _("file"), _("The file holds no documents.")))
    if errors:
        raise bulk.ImportFailed(errors)
    calendar = calendar or current_calendar()  # read once for every row
    for document in documents:
        if document.index_number:
            index_numbers.reserve(agency, document.index_number)
        _prepare(document, calendar)
        assert document.published_on is not None
        document.created_by = recorded_as(actor)
    for document in documents:
        if not document.index_number:
            assert document.published_on is not None
            document.index_number = index_numbers.allocate(agency, document.published_on.year, document.topic)
        document.save()
        # Published elsewhere before it came here: its review was that system's, and is marked so.
        assert document.published_on is not None
        document.secrecy_review = SecrecyReview.objects.create(
            document=document,
            on=document.published_on,
            cleared=True,
            origin=SecrecyReview.Origin.IMPORTED,
        )
        document.save(update_fields=["secrecy_review"])
        _log(document, actor, DocumentEvent.Kind.IMPORTED)
    backend().update(documents)
    return documents


@transaction.atomic
def do_import_decision_counts(
    actor: Actor, rows: Iterable[tuple[int, dict[str, str]]]
) -> list[DecisionCount]:
    """Enter decision counts from rows (``bulk.read_count_rows``): all rows or, on any error, none.

    The actor must be an approver of each row's agency.
    """
    errors: list[bulk.RowError] = []
    saved: list[DecisionCount] = []
    for number, row in rows:
        row_errors: list[bulk.RowError] = []
        agency = Agency.objects.by_name_or_code(row.get("agency", "")).first()
        if agency is None:
            name = row.get("agency", "")
            row_errors.append(
                bulk.RowError(number, "agency", _("No agency is called “{name}”.").format(name=name))
            )
        elif actor is None or not can(actor, Action.APPROVE, agency):
            row_errors.append(bulk.RowError(number, "agency", _("You may not enter counts for this agency.")))
        values: dict[str, Any] = {}
        for name in bulk.COUNT_COLUMNS:
            value = row.get(name, "")
            if name == "procurement_amount":
                values[name] = value
            elif value == "":
                values[name] = None
            else:
                try:
                    values[name] = Decimal(value) if name == "fee_amount_10k_yuan" else int(value)
                except (ValueError, ArithmeticError):
                    row_errors.append(
                        bulk.RowError(number, name, _("“{value}” is not a number.").format(value=value))
                    )
        year = row.get("year", "")
        if not year.isdigit():
            row_errors.append(bulk.RowError(number, "year", _("The year is missing or not a number.")))
        errors.extend(row_errors)
        if errors or agency is None:
            continue
        try:
            saved.append(do_set_decision_counts(actor, agency, int(year), **values))
        except ValidationError as exc:
            errors.append(bulk.RowError(number, "", "; ".join(exc.messages)))
    if errors:
        transaction.set_rollback(True)
        raise bulk.ImportFailed(errors)
    return saved
