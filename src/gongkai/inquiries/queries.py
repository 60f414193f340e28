"""Reads of inquiries: the public question-and-answer list and its search, the suggestions shown while a
question is typed, the staff queue."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q

from gongkai.agencies.models import Agency
from gongkai.lib import cjk, search_tokens

from .models import Inquiry, InquiryQuerySet

SUGGESTION_THRESHOLD = 0.2
SUGGESTION_CANDIDATES = 500


def public_fields(inquiries: InquiryQuerySet) -> InquiryQuerySet:
    """Only what a public page may show: never the asker's name, contact or own wording."""
    return inquiries.only(
        "pk", "agency", "document", "tracking_code", "subject", "public_question", "public_answer",
        "published_at", "submitted_at", "answered_at",
    )  # fmt: skip


def search_published(query: str, agency: Agency | None = None) -> InquiryQuerySet:
    """The published questions and answers matching ``query``, newest first — the same rule as the catalog's
    search (each run of the query occurs as a phrase of bigrams), by substring of the stored bigram text,
    so it is the same on SQLite and PostgreSQL (the list is small next to the catalog)."""
    phrases = search_tokens.query_phrases(query)
    inquiries = Inquiry.objects.published()
    if agency is not None:
        inquiries = inquiries.for_agency(agency)
    if not phrases:
        return inquiries.none()
    condition = Q()
    for phrase in phrases:
        if len(phrase) == 1 and len(phrase[0]) == 1:
            condition &= Q(search_text__contains=" " + phrase[0])  # a lone character: any token it starts
        else:
            condition &= Q(search_text__contains=" " + " ".join(phrase) + " ")
    return public_fields(inquiries.filter(condition)).select_related("agency").order_by("-published_at")


@dataclass(frozen=True)
class Suggestion:
    inquiry: Inquiry
    score: float


def suggestions(text: str, agency: Agency | None = None, limit: int = 5) -> list[Suggestion]:
    """Published answers to questions much like ``text`` (``lib.cjk.similarity``), best first: shown while
    a question is typed, so that an asker may find the answer already given."""
    text = text.strip()
    if len(text) < 4:
        return []
    candidates = Inquiry.objects.published()
    if agency is not None:
        candidates = candidates.for_agency(agency)
    found = []
    for inquiry in (
        public_fields(candidates).select_related("agency").order_by("-published_at")[:SUGGESTION_CANDIDATES]
    ):
        score = max(
            cjk.similarity(text, inquiry.public_question),
            cjk.similarity(text, inquiry.subject),
        )
        if score >= SUGGESTION_THRESHOLD:
            found.append(Suggestion(inquiry, score))
    found.sort(key=lambda s: s.score, reverse=True)
    return found[:limit]


QUEUE_FILTERS = ("open", "overdue", "moderation", "answered")


def queue(agency: Agency, tab: str, today: datetime.date) -> InquiryQuerySet:
    """The staff queue of an agency's inquiries: open (most urgent first), overdue, awaiting moderation,
    answered."""
    inquiries = Inquiry.objects.for_agency(agency)
    if tab == "overdue":
        return inquiries.overdue(today).order_by("due_on", "submitted_at")
    if tab == "moderation":
        return inquiries.awaiting_moderation().order_by("answered_at")
    if tab == "answered":
        return inquiries.filter(status=Inquiry.Status.ANSWERED).order_by("-answered_at")
    return inquiries.open().order_by("due_on", "submitted_at")
