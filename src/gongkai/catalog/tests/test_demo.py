from gongkai.agencies.demo import load_demo
from gongkai.agencies.models import Agency
from gongkai.catalog.models import Document
from gongkai.catalog.search import SearchFilters, backend

from .helpers import TODAY


def test_the_demo_has_the_2019_catalog_of_the_report_and_is_idempotent(db):
    load_demo()
    agency = Agency.objects.get(name="秀洲区经济信息商务局")
    published_2019 = Document.objects.public().for_agency(agency).published_in(2019)
    by_genre = {
        code: published_2019.filter(genre__code=code).count() for code in ("policy", "notice", "news")
    }
    assert by_genre == {"policy": 10, "notice": 16, "news": 57}
    count = Document.objects.count()
    load_demo()
    assert Document.objects.count() == count
    assert backend().search("补贴", SearchFilters(), offset=0, limit=5, today=TODAY).total > 0
