from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/<int:pk>/", views.agency_detail, name="agency_detail"),
    path("workspace/", views.workspace, name="workspace"),
    path("workspace/agencies/<int:pk>/", views.workspace_agency, name="workspace_agency"),
]
