from django.urls import path

from . import views

urlpatterns = [
    path("workspace/agencies/<int:agency_pk>/reviews/", views.review_ledger, name="review_ledger"),
    path("workspace/applications/<int:application_pk>/reviews/new/", views.file_review, name="file_review"),
    path("workspace/reviews/<int:pk>/", views.review_detail, name="review_detail"),
]
