from django.urls import path

from . import flow_views, views

urlpatterns = [
    path("agencies/<int:agency_pk>/apply/", views.apply, name="apply"),
    path("agencies/<int:agency_pk>/apply/<slug:step>/", views.apply, name="apply_step"),
    path("track/", views.track_lookup, name="track_lookup"),
    path("track/end/", views.track_end, name="track_end"),
    path("track/<str:code>/", views.track, name="track"),
    path("track/<str:code>/letters/<int:letter_pk>.<str:fmt>", views.track_letter, name="track_letter"),
    # The secret links of before the look-up form: each works once (tracking.legacy_link).
    path("track/<str:code>/<str:secret>/", views.track_legacy_link, name="track_legacy_link"),
    path(
        "track/<str:code>/<str:secret>/letters/<int:letter_pk>.<str:fmt>",
        views.track_legacy_link,
        name="track_legacy_letter",
    ),
    path(
        "workspace/agencies/<int:agency_pk>/applications/", views.application_queue, name="application_queue"
    ),
    path(
        "workspace/agencies/<int:agency_pk>/applications/new/",
        views.register_application,
        name="register_application",
    ),
    path("workspace/reminders/", views.reminders, name="reminders"),
    path("workspace/applications/", views.my_queue, name="my_queue"),
    path("workspace/applications/bulk/", views.bulk_act, name="bulk_act"),
    path(
        "workspace/applications/<int:pk>/attachments/<int:attachment_pk>/",
        views.staff_attachment,
        name="staff_attachment",
    ),
    path("workspace/applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("workspace/drafts/", flow_views.drafts_waiting, name="drafts_waiting"),
    # Before the verbs' catch-all below.
    path("workspace/applications/<int:pk>/drafts/new/", flow_views.draft_form, name="draft_form"),
    path(
        "workspace/applications/<int:pk>/drafts/<int:draft_pk>/", flow_views.draft_review, name="draft_review"
    ),
    path(
        "workspace/applications/<int:pk>/drafts/<int:draft_pk>/approve/",
        flow_views.approve_draft,
        name="approve_draft",
    ),
    path(
        "workspace/applications/<int:pk>/drafts/<int:draft_pk>/return/",
        flow_views.return_draft,
        name="return_draft",
    ),
    path(
        "workspace/applications/<int:pk>/notifications/<int:notification_pk>/retry/",
        flow_views.retry_notification,
        name="retry_notification",
    ),
    path(
        "workspace/applications/<int:pk>/<str:verb>/preview/",
        flow_views.letter_preview,
        name="letter_preview",
    ),
    path(
        "workspace/applications/<int:pk>/personal-data/",
        views.reveal_personal_data,
        name="reveal_personal_data",
    ),
    path("workspace/applications/<int:pk>/<str:verb>/", views.application_act, name="application_act"),
    path(
        "workspace/applications/<int:pk>/letters/<int:letter_pk>.<str:fmt>",
        views.staff_letter,
        name="staff_letter",
    ),
]
