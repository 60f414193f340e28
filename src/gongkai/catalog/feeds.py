"""RSS and Atom feeds of newly published documents, per agency and per topic."""

from __future__ import annotations

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from gongkai.agencies.models import Agency

from .models import Document, DocumentQuerySet, Topic

FEED_SIZE = 50


class _DocumentFeed(Feed):
    def item_title(self, item: Document) -> str:
        return item.title

    def item_description(self, item: Document) -> str:
        return item.body_text[:300]

    def item_link(self, item: Document) -> str:
        return reverse("document_detail", args=[item.pk])

    def item_pubdate(self, item: Document) -> datetime.datetime | None:
        if item.published_on is None:
            return None
        return datetime.datetime.combine(item.published_on, datetime.time(), tzinfo=datetime.UTC)

    def item_author_name(self, item: Document) -> str:
        return item.agency.name

    def _items(self, documents: DocumentQuerySet) -> list[Document]:
        return list(documents.public().newest_first().select_related("agency")[:FEED_SIZE])


class AgencyFeed(_DocumentFeed):
    def get_object(self, request: HttpRequest, pk: int) -> Agency:
        return get_object_or_404(Agency, pk=pk)

    def title(self, obj: Agency) -> str:
        return _("{agency}: newly published documents").format(agency=obj.name)

    def link(self, obj: Agency) -> str:
        return reverse("agency_catalog", args=[obj.pk])

    def description(self, obj: Agency) -> str:
        return self.title(obj)

    def items(self, obj: Agency) -> list[Document]:
        return self._items(Document.objects.for_agency(obj))


class TopicFeed(_DocumentFeed):
    def get_object(self, request: HttpRequest, code: str) -> Topic:
        return get_object_or_404(Topic, code=code)

    def title(self, obj: Topic) -> str:
        return _("Topic {topic}: newly published documents").format(topic=obj.name)

    def link(self, obj: Topic) -> str:
        return reverse("catalog_search") + f"?topic={obj.pk}"

    def description(self, obj: Topic) -> str:
        return self.title(obj)

    def items(self, obj: Topic) -> list[Document]:
        return self._items(Document.objects.filter(topic=obj))


class AgencyAtomFeed(AgencyFeed):
    feed_type = Atom1Feed
    subtitle = AgencyFeed.description


class TopicAtomFeed(TopicFeed):
    feed_type = Atom1Feed
    subtitle = TopicFeed.description
