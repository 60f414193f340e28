"""索引号: making them from an agency's scheme, and checking imported ones.

Unique under concurrency: the serial comes from a counter row incremented by an ``UPDATE … SET
last_serial = last_serial + 1`` inside the caller's transaction (the row lock serialises publishers in
PostgreSQL; SQLite's IMMEDIATE transactions serialise all writers), and ``Document.index_number`` is
unique. Never reused: counters only grow, and importing a number moves its counter past it.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency

from .models import Document, IndexNumberCounter, IndexNumberScheme, Topic


class IndexNumberError(ValueError):
    pass


def scheme_for(agency: Agency) -> IndexNumberScheme:
    """The agency's scheme, created with the State Council form and a 9-character code if missing.

    The default code is the organisation-code part of the credit code (characters 9–17), or the agency's
    id zero-padded, so that two agencies never share a prefix.
    """
    scheme = IndexNumberScheme.objects.filter(agency=agency).first()
    if scheme is None:
        code = agency.credit_code[8:17] if agency.credit_code else str(agency.pk).zfill(9)
        scheme, _created = IndexNumberScheme.objects.get_or_create(
            agency=agency, defaults={"agency_code": code}
        )
    return scheme


def _counter(scheme: IndexNumberScheme, year: int, topic_code: str) -> IndexNumberCounter:
    try:
        with transaction.atomic():
            counter, _created = IndexNumberCounter.objects.get_or_create(
                scheme=scheme, year=year, topic_code=topic_code
            )
    except IntegrityError:  # created meanwhile by a concurrent publisher
        counter = IndexNumberCounter.objects.get(scheme=scheme, year=year, topic_code=topic_code)
    return counter


def _topic_code(scheme: IndexNumberScheme, topic: Topic | None) -> str:
    if not scheme.counts_per_topic:
        return ""
    return topic.code if topic is not None else "99"


def allocate(agency: Agency, year: int, topic: Topic | None) -> str:
    """The next unused index number of ``agency`` for ``year`` (and topic); call inside a transaction."""
    scheme = scheme_for(agency)
    topic_code = _topic_code(scheme, topic)
    counter = _counter(scheme, year, topic_code)
    while True:
        IndexNumberCounter.objects.filter(pk=counter.pk).update(last_serial=F("last_serial") + 1)
        counter.refresh_from_db(fields=["last_serial"])
        number = scheme.format(year, topic_code, counter.last_serial)
        if not Document.objects.filter(index_number=number).exists():
            return number


def check(agency: Agency, number: str) -> tuple[int, str, int]:
    """Validate an imported index number against the agency's scheme: (year, topic code, serial).

    Raises ``IndexNumberError`` with a sentence saying what is wrong.
    """
    scheme = scheme_for(agency)
    match = scheme.regex().match(number.strip())
    if match is None:
        example = scheme.format(2019, "01", 1)
        raise IndexNumberError(
            _("“{number}” does not follow the agency's index number pattern (for example {example}).").format(
                number=number, example=example
            )
        )
    groups = match.groupdict()
    return int(groups["year"]), groups.get("topic") or "", int(groups["serial"])


def reserve(agency: Agency, number: str) -> None:
    """Record an imported number so that ``allocate`` never hands it out: its counter moves past it."""
    year, topic_code, serial = check(agency, number)
    counter = _counter(scheme_for(agency), year, topic_code)
    IndexNumberCounter.objects.filter(pk=counter.pk, last_serial__lt=serial).update(last_serial=serial)
