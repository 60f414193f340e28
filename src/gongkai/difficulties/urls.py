from django.urls import path

from . import views

urlpatterns = [
    # the public portal
    path("difficulties/report/", views.report, name="difficulty_report"),
    path("difficulties/track/", views.track_lookup, name="difficulty_track_lookup"),
    path("difficulties/track/<str:code>/", views.track, name="difficulty_track"),
    # staff
    path("workspace/agencies/<int:agency_pk>/difficulties/", views.queue, name="difficulty_queue"),
    path("workspace/difficulties/<int:pk>/", views.detail, name="difficulty_detail"),
    path("workspace/difficulties/<int:pk>/assign/", views.assign, name="difficulty_assign"),
    path("workspace/difficulties/<int:pk>/reassign/", views.reassign, name="difficulty_reassign"),
    path("workspace/difficulties/<int:pk>/answer/", views.answer, name="difficulty_answer"),
]
