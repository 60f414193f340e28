from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from gongkai.lib.readonly_admin import ReadOnlyAdmin

from .access import reviews_for
from .models import ReportedDecision, Review


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    """Read-only: cases are filed and decided in the workspace, through ``reviews.actions``."""

    list_display = ["case_number", "kind", "agency", "application", "filed_on", "outcome", "decided_on"]
    list_filter = ["kind", "outcome"]
    search_fields = ["case_number", "application__tracking_code"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Review]:
        return reviews_for(request.user)


@admin.register(ReportedDecision)
class ReportedDecisionAdmin(ReadOnlyAdmin):
    list_display = ["application", "outcome", "closed_on", "reopened_on"]
