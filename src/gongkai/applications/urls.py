from django.urls import path

from . import views

urlpatterns = [
    path("agencies/<int:agency_pk>/apply/", views.apply, name="apply"),
    path("track/", views.track_lookup, name="track_lookup"),
    path("track/<str:code>/<str:secret>/", views.track, name="track"),
    path(
        "track/<str:code>/<str:secret>/letters/<int:letter_pk>.<str:fmt>",
        views.track_letter,
        name="track_letter",
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
    path(
        "workspace/applications/<int:pk>/attachments/<int:attachment_pk>/",
        views.staff_attachment,
        name="staff_attachment",
    ),
    path("workspace/applications/<int:pk>/", views.application_detail, name="application_detail"),
    # Before the verbs' catch-all below.
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
