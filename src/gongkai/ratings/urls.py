from django.urls import path

from . import views

urlpatterns = [
    path("ratings/", views.public_figures, name="rating_figures"),
    path("ratings/<str:kind>/<str:code>/<str:secret>/", views.rate, name="rating_form"),
    path("workspace/agencies/<int:agency_pk>/ratings/", views.workspace, name="rating_workspace"),
    path("workspace/ratings/<int:pk>/follow-up/", views.follow_up, name="rating_follow_up"),
    path("workspace/ratings/<int:pk>/rectify/", views.rectify, name="rating_rectify"),
]
