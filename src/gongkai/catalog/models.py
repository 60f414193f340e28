"""The disclosure catalog (政府信息公开目录): documents, their vocabularies, index numbers and audit log.

A document moves draft → in review → published (``Document.Status``); once published, its validity
(有效/废止/失效, ``Document.Validity``) records whether it was later repealed or expired — it stays on the
portal, marked so, as the catalog must show. Every change goes through ``catalog.actions``.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from gongkai.agencies.models import Agency
from gongkai.lib import filetypes

from .disclosure import GROUNDS, article_of


class Vocabulary(models.Model):
    """An editable vocabulary of the catalog: a code, a name, a place in the lists."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    position = models.PositiveIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self) -> str:
        return self.name


class Topic(Vocabulary):
    """主题分类: ``code`` may appear in index numbers."""

    code = models.CharField(_("code"), max_length=20, unique=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("topic")
        verbose_name_plural = _("topics")


class Genre(Vocabulary):
    """体裁分类. The codes ``policy``, ``interpretation`` and ``annual_report`` are the ones the portal's
    policy and annual-report lists read; keep them when renaming."""

    POLICY = "policy"
    INTERPRETATION = "interpretation"
    ANNUAL_REPORT = "annual_report"

    code = models.CharField(_("code"), max_length=30, unique=True)

    class Meta(Vocabulary.Meta):
        verbose_name = _("genre")
        verbose_name_plural = _("genres")


class Article20Item(models.TextChoices):
    """The items of 条例第二十条 a document may belong to (keys as in the annual report's section 二)."""

    NONE = "", _("None")
    RULES = "rules", "规章"
    NORMATIVE_DOCUMENTS = "normative_documents", "行政规范性文件"
    PLANNING = "planning", "发展规划"
    STATISTICS = "statistics", "统计信息"
    LICENSING = "licensing", "行政许可"
    OTHER_SERVICES = "other_services", "其他对外管理服务事项"
    PENALTY = "penalty", "行政处罚"
    ENFORCEMENT = "enforcement", "行政强制"
    BUDGET = "budget", "财政预算、决算"
    FEES = "fees", "行政事业性收费"
    PROCUREMENT = "procurement", "政府集中采购"
    POVERTY_RELIEF = "poverty_relief", "扶贫、教育、医疗、社会保障、促进就业"
    EMERGENCY = "emergency", "突发公共事件应急预案"
    SUPERVISION = "supervision", "环境保护、公共卫生、安全生产、食品药品、产品质量监督检查"
    CIVIL_SERVANTS = "civil_servants", "公务员招考"


class InterpretationKind(models.TextChoices):
    """The forms a 政策解读 takes."""

    TEXT = "text", _("Text interpretation (文字解读)")
    GRAPHIC = "graphic", _("Graphic interpretation (图解)")
    VIDEO = "video", _("Audio or video interpretation (音视频解读)")
    PRESS_CONFERENCE = "press_conference", _("Press conference (新闻发布会)")


class DocumentQuerySet(models.QuerySet["Document"]):
    def public(self) -> DocumentQuerySet:
        """What the portal shows: published and proactively disclosed (whatever its validity now)."""
        return self.filter(
            status=Document.Status.PUBLISHED, disclosure_mode=Document.DisclosureMode.PROACTIVE
        )

    def for_agency(self, agency: Agency) -> DocumentQuerySet:
        return self.filter(agency=agency)

    def published_in(self, year: int) -> DocumentQuerySet:
        return self.filter(published_on__year=year)

    def written_in(self, year: int) -> DocumentQuerySet:
        return self.filter(written_on__year=year)

    def of_item(self, item: str) -> DocumentQuerySet:
        return self.filter(article20_item=item)

    def published_by(self, day: datetime.date) -> DocumentQuerySet:
        return self.filter(status=Document.Status.PUBLISHED, published_on__lte=day)

    def made_in(self, year: int) -> DocumentQuerySet:
        """Made in ``year``: written (成文日期) then, or published then where no date written is recorded."""
        return self.filter(Q(written_on__year=year) | Q(written_on__isnull=True, published_on__year=year))

    def made_by(self, day: datetime.date) -> DocumentQuerySet:
        """Made (as :meth:`made_in`) on or before ``day``."""
        return self.filter(Q(written_on__lte=day) | Q(written_on__isnull=True, published_on__lte=day))

    def in_force_on(self, day: datetime.date) -> DocumentQuerySet:
        """Made by ``day`` and neither repealed nor expired by then."""
        return self.made_by(day).exclude(
            ~Q(validity=Document.Validity.IN_FORCE) & Q(validity_changed_on__lte=day)
        )

    def ended_in(self, year: int) -> DocumentQuerySet:
        """Repealed (废止) or expired (失效) in ``year``: no longer in force."""
        return self.exclude(validity=Document.Validity.IN_FORCE).filter(validity_changed_on__year=year)

    def late(self, today: datetime.date) -> DocumentQuerySet:
        """第二十六条: published after their due date, or still unpublished past it (proactive only)."""
        proactive = self.filter(
            disclosure_mode=Document.DisclosureMode.PROACTIVE, publish_due_on__isnull=False
        )
        published_late = Q(status=Document.Status.PUBLISHED, published_on__gt=models.F("publish_due_on"))
        overdue = ~Q(status=Document.Status.PUBLISHED) & Q(publish_due_on__lt=today)
        return proactive.filter(published_late | overdue)

    def awaiting_secrecy_review(self) -> DocumentQuerySet:
        """第十七条: in review with no secrecy review of the document as it stands (the reviewer's list)."""
        return self.filter(status=Document.Status.IN_REVIEW, secrecy_review__isnull=True)

    def interpretations(self) -> DocumentQuerySet:
        """政策解读: documents of the genre ``interpretation``."""
        return self.filter(genre__code=Genre.INTERPRETATION)

    def lacking_interpretation(self) -> DocumentQuerySet:
        """Public 规范性文件 (``article20_item`` 行政规范性文件, each expected to be published with its 政策解读)
        that no public interpretation explains yet. The catalog's list and the oversight count read this."""
        explained = Document.objects.public().filter(interprets=models.OuterRef("pk"))
        return (
            self.public()
            .of_item(Article20Item.NORMATIVE_DOCUMENTS)
            .exclude(validity=Document.Validity.REPEALED)
            .filter(~models.Exists(explained))
        )

    def newest_first(self) -> DocumentQuerySet:
        return self.order_by("-published_on", "-id")


# The categories of 不予公开 the law gives (条例第十四–十六条), as ``disclosure.GROUNDS`` words them.
WITHHOLDING_GROUNDS = [(key, f"{ground.words}（{ground.article}）") for key, ground in GROUNDS.items()]


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        IN_REVIEW = "in_review", _("In review")
        PUBLISHED = "published", _("Published")

    class DisclosureMode(models.TextChoices):
        PROACTIVE = "proactive", "主动公开"
        ON_APPLICATION = "on_application", "依申请公开"
        NOT_DISCLOSED = "not_disclosed", "不予公开"

    class Validity(models.TextChoices):
        IN_FORCE = "in_force", "有效"
        REPEALED = "repealed", "废止"
        EXPIRED = "expired", "失效"

    agency = models.ForeignKey(
        Agency, verbose_name=_("issuing agency"), on_delete=models.PROTECT, related_name="documents"
    )
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True, help_text=_("Sanitised HTML."))
    body_text = models.TextField(_("body as plain text"), blank=True, editable=False)
    index_number = models.CharField(
        _("index number (索引号)"), max_length=60, unique=True, null=True, blank=True
    )
    document_number = models.CharField(_("document number (文号)"), max_length=100, blank=True)
    written_on = models.DateField(_("date written (成文日期)"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    topic = models.ForeignKey(Topic, verbose_name=_("topic"), null=True, blank=True, on_delete=models.PROTECT)
    genre = models.ForeignKey(Genre, verbose_name=_("genre"), null=True, blank=True, on_delete=models.PROTECT)
    disclosure_mode = models.CharField(
        _("disclosure mode"), max_length=20, choices=DisclosureMode.choices, default=DisclosureMode.PROACTIVE
    )
    # 公开属性, decided when the document is made: for 不予公开 also the law's category and the reason.
    withholding_ground = models.CharField(
        _("ground for not disclosing"), max_length=40, choices=WITHHOLDING_GROUNDS, blank=True, default=""
    )
    withholding_reason = models.TextField(_("reason for not disclosing"), blank=True, default="")
    article20_item = models.CharField(
        _("item of Article 20"), max_length=30, choices=Article20Item.choices, blank=True, default=""
    )
    # The 保密审查 (第十七条) of the document as it stands: emptied when its text changes before it is
    # published (``catalog.actions``); ``do_publish_document`` needs it, and cleared.
    secrecy_review = models.ForeignKey(
        "SecrecyReview",
        verbose_name=_("secrecy review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    validity = models.CharField(
        _("validity"), max_length=20, choices=Validity.choices, default=Validity.IN_FORCE
    )
    validity_changed_on = models.DateField(_("repealed or expired on"), null=True, blank=True)
    repealed_by = models.ForeignKey(
        "self",
        verbose_name=_("repealed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="repeals",
    )
    interprets = models.ForeignKey(
        "self",
        verbose_name=_("interprets (政策解读 of)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interpretations",
    )
    interpretation_kind = models.CharField(
        _("kind of interpretation"), max_length=20, choices=InterpretationKind.choices, blank=True
    )
    # 音视频解读: the video's address; 新闻发布会: the record's (a transcript may be the body instead).
    media_url = models.URLField(_("video or record address"), blank=True, max_length=500)
    # 第二十六条: proactive information is published within 20 workdays of being made or changed. Stored
    # (computed by the actions from the workday calendar) so that the late list is one indexed query.
    publish_due_on = models.DateField(_("to be published by"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-published_on", "-id"]
        indexes = [
            # The portal's catalog pages: keyset pagination over (published_on, id) per agency.
            models.Index(fields=["agency", "status", "published_on", "id"], name="catalog_doc_agency_pub"),
            models.Index(fields=["status", "published_on", "id"], name="catalog_doc_pub"),
            # The 第二十六条 late list and the section 二 counts.
            models.Index(fields=["agency", "publish_due_on"], name="catalog_doc_due"),
            # The named items of 第二十条 (the dashboard's coverage check, the catalog's item filter): only the
            # documents that name one; most name none, and a full index made the coverage of 5,000 agencies
            # read all of their documents' entries. With the columns the coverage check filters on, it reads
            # the index alone (a tenth of 2,000,000 documents naming an item are on most of the table's pages).
            models.Index(
                fields=["agency", "article20_item"],
                name="document_item_named_index",
                condition=~models.Q(article20_item=""),
                include=[
                    "status",
                    "disclosure_mode",
                    "written_on",
                    "published_on",
                    "validity",
                    "validity_changed_on",
                ],
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        """条例第十四–十六条: a document not disclosed names the law's category and the reason; any other
        keeps neither."""
        if self.disclosure_mode == self.DisclosureMode.NOT_DISCLOSED:
            errors = {}
            if not self.withholding_ground:
                errors["withholding_ground"] = _(
                    "A document not disclosed names the category of Articles 14–16 it falls under."
                )
            if not self.withholding_reason.strip():
                errors["withholding_reason"] = _("Give the reason this document is not disclosed.")
            if errors:
                raise ValidationError(errors)
        else:
            self.withholding_ground, self.withholding_reason = "", ""
        if self.interpretation_kind == InterpretationKind.VIDEO and not self.media_url:
            raise ValidationError(
                {"media_url": _("An audio or video interpretation gives the video's address.")}
            )

    @property
    def withholding_article(self) -> str:
        return article_of(self.withholding_ground)

    @property
    def secrecy_cleared(self) -> bool:
        """A 保密审查 of the document as it stands found nothing that may not be published."""
        return self.secrecy_review is not None and self.secrecy_review.cleared

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.PUBLISHED and self.disclosure_mode == self.DisclosureMode.PROACTIVE

    def next_steps(self) -> tuple[str, ...]:
        """The workflow steps the document's state allows (whoever takes them; the rights are in
        ``catalog.access.STEP_RIGHTS``): a draft is submitted for review; a document in review is
        returned or published; a published document in force is repealed or expires."""
        if self.status == self.Status.DRAFT:
            return ("submit",)
        if self.status == self.Status.IN_REVIEW:
            return ("return", "secrecy_review", "publish")
        if self.validity == self.Validity.IN_FORCE:
            return ("repeal", "expire")
        return ()

    def is_late(self, today: datetime.date) -> bool:
        """第二十六条: published after ``publish_due_on``, or unpublished with the date past ``today``."""
        if self.publish_due_on is None or self.disclosure_mode != self.DisclosureMode.PROACTIVE:
            return False
        if self.status == self.Status.PUBLISHED:
            return self.published_on is not None and self.published_on > self.publish_due_on
        return today > self.publish_due_on


def attachment_path(instance: Attachment, filename: str) -> str:
    # The stored name is ours, never the uploader's: no path tricks, no double extensions.
    return f"catalog/{instance.document_id}/{instance.sha256[:16]}.{instance.kind}"


class Attachment(models.Model):
    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10)  # a key of gongkai.lib.filetypes.KINDS
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def content_type(self) -> str:
        return filetypes.content_type(self.kind)


class SecrecyReview(models.Model):
    """A 保密审查 (条例第十七条) of a document before publication, by the person its agency assigned.

    ``origin`` tells a review recorded here from the ones set down for documents published before gongkai
    recorded reviews (``migrated``, by the migration that brought reviews in) or imported from another
    catalog as already published (``imported``): those name no reviewer, and say so.
    """

    class Origin(models.TextChoices):
        REVIEWED = "reviewed", _("Reviewed")
        MIGRATED = "migrated", _("Published before reviews were recorded")
        IMPORTED = "imported", _("Imported as published")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="secrecy_reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewer"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    on = models.DateField(_("reviewed on"))
    cleared = models.BooleanField(
        _("cleared for publication"), help_text=_("Nothing in it may not be published.")
    )
    note = models.TextField(_("note"), blank=True)
    origin = models.CharField(_("origin"), max_length=20, choices=Origin.choices, default=Origin.REVIEWED)
    at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("secrecy review")
        verbose_name_plural = _("secrecy reviews")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.document} · {self.on:%Y-%m-%d}"


class DocumentEvent(models.Model):
    """The audit log: one row per change, written by the action in the same transaction."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        UPDATED = "updated", _("Updated")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned to draft")
        PUBLISHED = "published", _("Published")
        REPEALED = "repealed", _("Repealed")
        EXPIRED = "expired", _("Expired")
        ATTACHED = "attached", _("Attachment added")
        IMPORTED = "imported", _("Imported")
        SECRECY_REVIEWED = "secrecy_reviewed", _("Secrecy review recorded")

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="events"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    at = models.DateTimeField(_("at"), auto_now_add=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("document event")
        verbose_name_plural = _("document events")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_kind_display()} · {self.at:%Y-%m-%d %H:%M}"

    def change_lines(self) -> list[str]:
        """The recorded change as the history shows it, one line per field: ``字段名：旧值 → 新值`` for an
        edit, ``字段名：值`` for a value set (the index number given at publication, the attachment's name,
        kind and size). Fields are named by their verbose names and values shown as on the document page:
        choices by label, related records by name, long text (the body) only as changed; in the order of
        the fields on the document (the database may not keep the order they were recorded in)."""
        lines = []
        for key, value in sorted(self.changes.items(), key=lambda item: self._field_position(item[0])):
            if value is None and self.kind != self.Kind.UPDATED:
                continue  # e.g. no repealing document named
            model, name = CHANGE_KEYS.get((self.kind, key), (Document, key))
            show: Callable[[object], str]
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                label, show = key, _shown_value
            else:
                label, show = str(field.verbose_name), _value_shower(field)
            if isinstance(field, models.TextField):
                text = str(_("(changed)"))  # the body: too long for a line; the page shows it as it is now
            elif isinstance(value, list) and len(value) == 2 and self.kind == self.Kind.UPDATED:
                text = _("{old} → {new}").format(old=show(value[0]), new=show(value[1]))
            else:
                text = show(value)
            lines.append(_("{field}: {value}").format(field=label, value=text))
        return lines

    def _field_position(self, key: str) -> int:
        model, name = CHANGE_KEYS.get((self.kind, key), (Document, key))
        return _position(model, name)


# The keys of ``changes`` that are not the document's own field names (see ``catalog.actions``).
CHANGE_KEYS: dict[tuple[str, str], tuple[type[models.Model], str]] = {
    (DocumentEvent.Kind.REPEALED, "on"): (Document, "validity_changed_on"),
    (DocumentEvent.Kind.EXPIRED, "on"): (Document, "validity_changed_on"),
    (DocumentEvent.Kind.ATTACHED, "name"): (Attachment, "original_name"),
    (DocumentEvent.Kind.ATTACHED, "kind"): (Attachment, "kind"),
    (DocumentEvent.Kind.ATTACHED, "size"): (Attachment, "size"),
}


def _position(model: type[models.Model], name: str) -> int:
    names = [field.name for field in model._meta.fields]
    return names.index(name) if name in names else len(names)


def _shown_value(value: object) -> str:
    return "—" if value in (None, "") else str(value)


def _value_shower(field: models.Field) -> Callable[[object], str]:
    """How a stored value of ``field`` (as ``actions`` recorded it: keys, primary keys, ISO dates) reads."""
    if field.choices:
        labels = {key: str(label) for key, label in field.flatchoices}
        return lambda value: "—" if value in (None, "") else labels.get(value, str(value))
    if field.is_relation and isinstance(field.related_model, type):
        related = field.related_model

        def record(value: object) -> str:
            found = related._default_manager.filter(pk=value).first() if value is not None else None
            return str(found) if found is not None else _shown_value(value)

        return record
    if field.name == "kind":
        return lambda value: str(value).upper()
    return _shown_value


class IndexNumberScheme(models.Model):
    """How an agency's index numbers (索引号) are made.

    ``pattern`` is made of ``{agency}`` (the agency code), ``{year}``, ``{topic}`` (the topic's code) and
    ``{serial}`` (zero-padded to ``serial_digits``), with literal separators: the State Council form
    ``000014349/2017-00110`` is ``{agency}/{year}-{serial}`` with 5 digits; a provincial form such as
    ``11330411MB0000012X/2019-02-00012`` is ``{agency}/{year}-{topic}-{serial}``. Serials count per
    (year, topic) when the pattern has ``{topic}``, else per year; they are never reused.
    """

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="index_number_scheme"
    )
    agency_code = models.CharField(_("agency code"), max_length=30)
    pattern = models.CharField(_("pattern"), max_length=60, default="{agency}/{year}-{serial}")
    serial_digits = models.PositiveSmallIntegerField(_("serial digits"), default=5)

    class Meta:
        verbose_name = _("index number scheme")
        verbose_name_plural = _("index number schemes")

    def __str__(self) -> str:
        return f"{self.agency} {self.pattern}"

    def format(self, year: int, topic_code: str, serial: int) -> str:
        return self.pattern.format(
            agency=self.agency_code, year=year, topic=topic_code, serial=str(serial).zfill(self.serial_digits)
        )

    def regex(self) -> re.Pattern[str]:
        """A pattern that matches this scheme's numbers, with groups ``year``, ``topic`` and ``serial``."""
        parts = re.split(r"(\{agency\}|\{year\}|\{topic\}|\{serial\})", self.pattern)
        pieces = {
            "{agency}": re.escape(self.agency_code),
            "{year}": r"(?P<year>\d{4})",
            "{topic}": r"(?P<topic>[0-9A-Za-z]+)",
            "{serial}": rf"(?P<serial>\d{{{self.serial_digits},}})",
        }
        return re.compile("^" + "".join(pieces.get(part, re.escape(part)) for part in parts) + "$")

    @property
    def counts_per_topic(self) -> bool:
        return "{topic}" in self.pattern


class IndexNumberCounter(models.Model):
    """The last serial handed out per scheme and bucket (a year, or a year and a topic code)."""

    scheme = models.ForeignKey(
        IndexNumberScheme,
        verbose_name=_("index number scheme"),
        on_delete=models.CASCADE,
        related_name="counters",
    )
    year = models.PositiveSmallIntegerField(_("year"))
    topic_code = models.CharField(_("topic code"), max_length=20, blank=True)
    last_serial = models.PositiveIntegerField(_("last serial"), default=0)

    class Meta:
        verbose_name = _("index number counter")
        verbose_name_plural = _("index number counters")
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "year", "topic_code"], name="unique_index_number_counter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.scheme_id} {self.year} {self.topic_code} {self.last_serial}"


class Guide(models.Model):
    """公开指南: each agency's guide to its disclosure work, edited by its administrators."""

    agency = models.OneToOneField(
        Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="guide"
    )
    body = models.TextField(_("body"), help_text=_("Sanitised HTML."))
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("disclosure guide")
        verbose_name_plural = _("disclosure guides")

    def __str__(self) -> str:
        return str(self.agency)


class DecisionCount(models.Model):
    """Per agency and year, the section 二 numbers that come from other systems, entered or imported.

    ``*_items`` are the numbers of items (事项) in force at the end of the year (the 2019 format's 上一年项目数量
    is the previous year's figure, 本年增/减 the difference); ``*_decisions`` the decisions made in the year.
    """

    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    licensing_items = models.IntegerField(_("licensing items"), null=True, blank=True)
    licensing_decisions = models.IntegerField(_("licensing decisions"), null=True, blank=True)
    other_services_items = models.IntegerField(_("other service items"), null=True, blank=True)
    other_services_decisions = models.IntegerField(_("other service decisions"), null=True, blank=True)
    penalty_items = models.IntegerField(_("penalty items"), null=True, blank=True)
    penalty_decisions = models.IntegerField(_("penalty decisions"), null=True, blank=True)
    enforcement_items = models.IntegerField(_("enforcement items"), null=True, blank=True)
    enforcement_decisions = models.IntegerField(_("enforcement decisions"), null=True, blank=True)
    fee_items = models.IntegerField(_("fee items"), null=True, blank=True)
    fee_amount_10k_yuan = models.DecimalField(
        _("fee income (10,000 yuan)"), max_digits=14, decimal_places=4, null=True, blank=True
    )
    procurement_projects = models.IntegerField(_("procurement projects"), null=True, blank=True)
    procurement_amount = models.CharField(_("procurement amount (as printed)"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("decision count")
        verbose_name_plural = _("decision counts")
        constraints = [models.UniqueConstraint(fields=["agency", "year"], name="unique_decision_count")]

    def __str__(self) -> str:
        return f"{self.agency} {self.year}"


class SearchEntry(models.Model):
    """One public document in the search index; written only by ``gongkai.catalog.search``.

    The filter and ranking columns are plain values copied from the document. In SQLite ``title``,
    ``number`` and ``body`` hold the CJK bigram text that the FTS5 table ``catalog_fts`` indexes (external
    content, kept in step by triggers); in PostgreSQL they stay empty and the ``vector`` column (tsvector,
    GIN-indexed) that migration 0002 adds holds the index, with ``title_vector`` (migration 0003, title and
    number only) to rank by. Being a model, the table is emptied by ``flush``
    and its rows go with their document.
    """

    document = models.OneToOneField(Document, primary_key=True, on_delete=models.CASCADE, related_name="+")
    agency_id = models.BigIntegerField()
    topic_id = models.BigIntegerField(null=True)
    genre_id = models.BigIntegerField(null=True)
    year = models.PositiveSmallIntegerField()
    validity = models.CharField(max_length=20)
    published_day = models.IntegerField()  # date.toordinal(), for the recency boost
    # published_day × 2³² + document id: unique, and in the order of "newest first" (SQLite's FTS rowid,
    # so that body-only matches come out of the index newest first without a sort; migration 0006).
    order_key = models.BigIntegerField(default=0)
    title = models.TextField(blank=True)
    number = models.TextField(blank=True)
    body = models.TextField(blank=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")

    def __str__(self) -> str:
        return str(self.document_id)
