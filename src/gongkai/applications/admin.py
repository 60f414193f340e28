from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from gongkai.lib.readonly_admin import ReadOnlyAdmin, ReadOnlyInline

from .access import applications_for, log_record_access
from .models import Application, Consultation, Event, SupplementRequest
from .personal_data import personal_data


class EventInline(ReadOnlyInline):
    model = Event
    readonly_fields = ["kind", "on", "at", "actor", "message", "public"]


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    """Read-only: every change goes through the workspace, so that it is one action and one event."""

    list_display = ["tracking_code", "agency", "applicant_kind", "status", "received_on", "due_on", "outcome"]
    list_filter = ["status", "applicant_kind", "channel"]
    search_fields = ["tracking_code"]
    inlines = [EventInline]
    # The applicant's personal data masked, the secrets not shown at all, and each opening logged. The admin
    # is the operator's, not case work: whoever needs the data in clear reveals it, with a reason, on the
    # workspace page, which the timeline records.
    exclude = [
        "id_number",
        "id_number_digest",
        "phone",
        "email",
        "address",
        "postcode",
        "access_secret",
        "submitter_fingerprint",
    ]
    readonly_fields = [
        "masked_id_number",
        "masked_phone",
        "masked_email",
        "masked_address",
        "masked_postcode",
    ]

    @admin.display(description=_("ID number"))
    def masked_id_number(self, obj: Application) -> str:
        return personal_data(obj, in_clear=False).id_number

    @admin.display(description=_("telephone"))
    def masked_phone(self, obj: Application) -> str:
        return personal_data(obj, in_clear=False).phone

    @admin.display(description=_("e-mail"))
    def masked_email(self, obj: Application) -> str:
        return personal_data(obj, in_clear=False).email

    @admin.display(description=_("postal address"))
    def masked_address(self, obj: Application) -> str:
        return personal_data(obj, in_clear=False).address

    @admin.display(description=_("postcode"))
    def masked_postcode(self, obj: Application) -> str:
        return personal_data(obj, in_clear=False).postcode

    def render_change_form(
        self,
        request: HttpRequest,
        context: dict[str, Any],
        add: bool = False,
        change: bool = False,
        form_url: str = "",
        obj: Application | None = None,
    ) -> HttpResponse:
        # The page that shows the record: logged with the object the admin already fetched.
        if obj is not None:
            log_record_access(request.user, obj, "admin")
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return applications_for(request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return bool(request.user.is_superuser)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)


@admin.register(SupplementRequest)
class SupplementRequestAdmin(ReadOnlyAdmin):
    """Shown only: requested, received and lapsed through ``actions`` (one event each)."""

    list_display = ["application", "requested_on", "reply_by", "received_on", "lapsed_on"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[SupplementRequest]:
        return SupplementRequest.objects.filter(application__in=applications_for(request.user))


@admin.register(Consultation)
class ConsultationAdmin(ReadOnlyAdmin):
    """Shown only: sent and answered through ``actions`` (one event each)."""

    list_display = ["application", "kind", "party", "sent_on", "reply_by", "answered_on", "reply"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Consultation]:
        return Consultation.objects.filter(application__in=applications_for(request.user))
