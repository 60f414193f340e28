from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from gongkai.api import api
from gongkai.health import healthz, livez
from gongkai.lib.edge import same_site_only
from gongkai.ops.views import SignInView, display_mode, two_factor
from gongkai.reports.views import schema_view

urlpatterns = [
    path("", include("gongkai.agencies.urls")),
    path("", include("gongkai.catalog.urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.reviews.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.oversight.urls")),
    path("", include("gongkai.inquiries.urls")),
    path("", include("gongkai.difficulties.urls")),
    path("", include("gongkai.rectifications.urls")),
    path("", include("gongkai.ratings.urls")),
    path("api/", api.urls),
    path("accounts/login/", SignInView.as_view(), name="login"),
    path("accounts/two-factor/", two_factor, name="two_factor"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # The switches on every page (shared by the HTTP cache, so without a CSRF token): same-site POSTs only.
    path("i18n/setlang/", same_site_only(set_language), name="set_language"),
    path("display/", same_site_only(display_mode), name="display_mode"),
    # The admin signs in through the same form, so that lockout and two-factor apply there too.
    path("admin/login/", SignInView.as_view(), name="admin_login"),
    path("admin/", admin.site.urls),
    path("healthz", healthz, name="healthz"),
    path("livez", livez, name="livez"),
    path("schema/annual-report-1.json", schema_view, name="annual_report_schema"),
]

# Every error a browser meets is a page of the site with a way back (gongkai.errors).
handler400 = "gongkai.errors.bad_request"
handler403 = "gongkai.errors.permission_denied"
handler404 = "gongkai.errors.page_not_found"
handler500 = "gongkai.errors.server_error"
