from django.urls import path

from gongkai.lib import pagecache

from . import feeds, views

# Feed readers poll: the feeds are cached for anonymous readers like the portal's pages.
agency_feed = pagecache.portal_page(pagecache.agency("pk"))
topic_feed = pagecache.portal_page(pagecache.CATALOG)

urlpatterns = [
    # the public portal
    path("search/", views.search, name="catalog_search"),
    path("agencies/<int:pk>/catalog/", views.agency_catalog, name="agency_catalog"),
    path("agencies/<int:pk>/catalog.csv", views.catalog_export, {"fmt": "csv"}, name="catalog_export_csv"),
    path("agencies/<int:pk>/catalog.json", views.catalog_export, {"fmt": "json"}, name="catalog_export_json"),
    path("agencies/<int:pk>/policies/", views.agency_list, {"kind": "policies"}, name="agency_policies"),
    path("agencies/<int:pk>/guide/", views.agency_guide, name="agency_guide"),
    path("agencies/<int:pk>/feed.rss", agency_feed(feeds.AgencyFeed()), name="agency_feed_rss"),
    path("agencies/<int:pk>/feed.atom", agency_feed(feeds.AgencyAtomFeed()), name="agency_feed_atom"),
    path("topics/<str:code>/feed.rss", topic_feed(feeds.TopicFeed()), name="topic_feed_rss"),
    path("topics/<str:code>/feed.atom", topic_feed(feeds.TopicAtomFeed()), name="topic_feed_atom"),
    path("documents/<int:pk>/", views.document_detail, name="document_detail"),
    path(
        "documents/<int:pk>/attachments/<int:attachment_pk>/",
        views.attachment_download,
        name="attachment_download",
    ),
    path("sitemap.xml", views.sitemap, name="sitemap"),
    # staff
    path("workspace/agencies/<int:pk>/documents/", views.workspace_documents, name="workspace_documents"),
    path("workspace/agencies/<int:pk>/documents/new/", views.document_create, name="document_create"),
    path("workspace/agencies/<int:pk>/documents/import/", views.document_import, name="document_import"),
    path("workspace/agencies/<int:pk>/guide/", views.guide_edit, name="guide_edit"),
    path("workspace/documents/<int:pk>/", views.document_edit, name="document_edit"),
    path("workspace/documents/<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path(
        "workspace/documents/<int:pk>/<str:transition>/",
        views.document_transition,
        name="document_transition",
    ),
]
