from django.urls import path

from . import views

urlpatterns = [
    # the public portal
    path("inquiries/", views.qa_list, name="inquiry_list"),
    path("inquiries/<int:pk>/", views.qa_detail, name="inquiry_public"),
    path("inquiries/ask/", views.ask, name="inquiry_ask"),
    path("inquiries/ask/suggestions/", views.suggestions, name="inquiry_suggestions"),
    path("inquiries/track/", views.track_lookup, name="inquiry_track_lookup"),
    path("inquiries/track/<str:code>/", views.track, name="inquiry_track"),
    # staff
    path("workspace/agencies/<int:agency_pk>/inquiries/", views.inquiry_queue, name="inquiry_queue"),
    path("workspace/inquiries/<int:pk>/", views.inquiry_detail, name="inquiry_detail"),
    path("workspace/inquiries/<int:pk>/answer/", views.inquiry_answer, name="inquiry_answer"),
    path("workspace/inquiries/<int:pk>/moderate/", views.inquiry_moderate, name="inquiry_moderate"),
]
