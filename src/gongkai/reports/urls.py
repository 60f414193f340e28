from django.urls import path
from django.views.generic import RedirectView

from . import views

urlpatterns = [
    # An agency's annual reports have one public list; its first address may be bookmarked.
    path("agencies/<int:agency_pk>/annual-reports/", views.portal_reports, name="portal_reports"),
    path(
        "agencies/<int:agency_pk>/reports/",
        RedirectView.as_view(pattern_name="portal_reports", permanent=True),
    ),
    path("reports.css", views.report_css, name="report_css"),
    path("reports/<int:pk>/", views.portal_report, name="portal_report"),
    path("reports/<int:pk>.<str:fmt>", views.portal_report_download, name="portal_report_download"),
    path("workspace/agencies/<int:agency_pk>/reports/", views.agency_reports, name="agency_reports"),
    path("workspace/reports/<int:pk>/", views.staff_report, name="staff_report"),
    path("workspace/reports/<int:pk>.<str:fmt>", views.staff_report_download, name="staff_report_download"),
    path("workspace/reports/<int:pk>/cells/<str:path>/", views.staff_report_cell, name="staff_report_cell"),
    path(
        "workspace/reports/<int:pk>/services/<str:key>/",
        views.staff_report_service,
        name="staff_report_service",
    ),
    path("workspace/reports/<int:pk>/diff/", views.staff_report_diff, name="staff_report_diff"),
    path("workspace/reports/<int:pk>/publish/", views.publish_report, name="publish_report"),
    path("workspace/reports/<int:pk>/<str:verb>/", views.staff_report_act, name="staff_report_act"),
]
