from django.urls import path

from . import views

urlpatterns = [
    path("oversight/", views.dashboard, name="oversight_dashboard"),
    path("oversight/dashboard.xlsx", views.dashboard_xlsx, name="oversight_dashboard_xlsx"),
    path("oversight/summary/", views.summary, name="oversight_summary"),
    path("oversight/audits/", views.audits, name="oversight_audits"),
    path("oversight/audits/<int:pk>/", views.audit_job, name="oversight_audit_job"),
    path("oversight/audits/<int:pk>/progress.json", views.audit_progress, name="oversight_audit_progress"),
    path("oversight/audits/<int:pk>/files/<int:position>/", views.audit_file, name="oversight_audit_file"),
    path("open-data/", views.open_data, name="open_data"),
    path("open-data/all.csv", views.open_data_all_csv, name="open_data_all_csv"),
    path("open-data/all.zip", views.open_data_all_zip, name="open_data_all_zip"),
    path("open-data/reports/<str:code>/<int:year>.json", views.open_data_json, name="open_data_json"),
    path("open-data/reports/<str:code>/<int:year>.csv", views.open_data_csv, name="open_data_csv"),
    path("open-data/trends/<str:code>/", views.trends, name="open_data_trends"),
]
