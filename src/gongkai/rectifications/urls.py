from django.urls import path

from . import views

urlpatterns = [
    path("agencies/<int:agency_pk>/rectifications/", views.public_list, name="rectification_list"),
    path(
        "workspace/agencies/<int:agency_pk>/rectifications/",
        views.workspace,
        name="rectification_workspace",
    ),
    path("workspace/rectifications/<int:pk>/complete/", views.complete, name="rectification_complete"),
]
