import threading

import pytest
from django.db import connection

from gongkai.catalog import actions, index_numbers
from gongkai.catalog.models import Document, IndexNumberScheme, Topic

from .helpers import TODAY, publish


@pytest.mark.parametrize(
    ("pattern", "code", "digits", "expected"),
    [
        ("{agency}/{year}-{serial}", "000014349", 5, "000014349/2017-00110"),
        ("{agency}/{year}-{topic}-{serial}", "11330411MB0000012X", 5, "11330411MB0000012X/2017-03-00110"),
        ("{agency}-{topic}-{year}-{serial}", "002482365", 6, "002482365-03-2017-000110"),
    ],
)
def test_the_scheme_makes_the_state_council_and_provincial_forms_and_reads_them_back(
    cast, pattern, code, digits, expected
):
    scheme = IndexNumberScheme(agency=cast.agency, agency_code=code, pattern=pattern, serial_digits=digits)
    assert scheme.format(2017, "03", 110) == expected
    match = scheme.regex().match(expected)
    assert match is not None and int(match["serial"]) == 110 and match["year"] == "2017"


def test_serials_count_per_topic_when_the_pattern_has_one(cast):
    IndexNumberScheme.objects.create(
        agency=cast.agency, agency_code="A1", pattern="{agency}/{year}-{topic}-{serial}"
    )
    economy, trade = Topic.objects.get(code="02"), Topic.objects.get(code="07")
    numbers = [
        publish(cast, f"文{i}", topic=topic).index_number for i, topic in enumerate([economy, trade, economy])
    ]
    assert numbers == ["A1/2024-02-00001", "A1/2024-07-00001", "A1/2024-02-00002"]


def test_numbers_are_never_reused_after_an_import_takes_a_later_serial(cast):
    scheme = index_numbers.scheme_for(cast.agency)
    imported = scheme.format(2024, "", 7)
    index_numbers.reserve(cast.agency, imported)
    assert publish(cast, "下一篇").index_number == scheme.format(2024, "", 8)


def test_an_imported_number_must_follow_the_scheme(cast):
    with pytest.raises(index_numbers.IndexNumberError, match="索引号规则"):
        index_numbers.check(cast.agency, "XYZ-2019-1")


@pytest.mark.django_db(transaction=True)
def test_concurrent_publishers_get_distinct_numbers(cast):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():  # type: ignore[attr-defined]
        # The in-memory test database shares one cache between threads, whose table locks are not waited
        # for; a file database (GONGKAI_TEST_DATABASE) and PostgreSQL run this test.
        pytest.skip("needs a file or server database")
    drafts = []
    for i in range(8):
        document = actions.do_create_document(cast.clerk, cast.agency, title=f"并发{i}")
        actions.do_submit_document(cast.clerk, document)
        actions.do_record_secrecy_review(cast.secrecy_reviewer, document, cleared=True, on=TODAY)
        drafts.append(document.pk)
    errors = []

    def publish_one(pk):
        try:
            actions.do_publish_document(cast.approver, Document.objects.get(pk=pk), TODAY)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=publish_one, args=(pk,)) for pk in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = list(Document.objects.values_list("index_number", flat=True))
    assert len(set(numbers)) == 8
    assert sorted((n or "")[-5:] for n in numbers) == [f"{i:05d}" for i in range(1, 9)]
