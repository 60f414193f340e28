"""Admin for the vocabularies, index number schemes, guides and decision counts.

Documents, guides and decision counts are shown read-only here: their changes go through the workflow pages
(``catalog.actions``) so that every change is checked, logged and indexed.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from gongkai.lib.readonly_admin import ReadOnlyAdmin, ReadOnlyInline

from .models import DecisionCount, Document, DocumentEvent, Genre, Guide, IndexNumberScheme, Topic


@admin.register(Topic, Genre)
class VocabularyAdmin(admin.ModelAdmin):
    fields = ["code", "name", "position"]
    list_display = ["shown_code", "name", "position"]
    list_display_links = ["shown_code"]
    list_editable = ["name", "position"]
    search_fields = ["code", "name"]

    @admin.display(description=_("code"), ordering="code")
    def shown_code(self, item: Topic | Genre) -> str:
        # A key the portal's lists and index numbers read (policy, annual_report, 07): code, marked as such.
        return format_html("<code>{}</code>", item.code)


@admin.register(IndexNumberScheme)
class IndexNumberSchemeAdmin(admin.ModelAdmin):
    list_display = ["agency", "agency_code", "pattern", "serial_digits"]
    autocomplete_fields = ["agency"]


@admin.register(DecisionCount)
class DecisionCountAdmin(ReadOnlyAdmin):
    """Shown only: entered on the workspace's page, by an approver (``do_set_decision_counts``)."""

    list_display = ["agency", "year", "licensing_decisions", "penalty_decisions", "enforcement_decisions"]
    list_filter = ["year"]


@admin.register(Guide)
class GuideAdmin(ReadOnlyAdmin):
    """Shown only: edited on the workspace's page (``do_update_guide``)."""

    list_display = ["agency", "updated_at"]


class DocumentEventInline(ReadOnlyInline):
    model = DocumentEvent
    readonly_fields = ["at", "actor", "kind", "changes_shown", "note"]
    exclude = ["changes"]

    @admin.display(description=_("changes"))
    def changes_shown(self, event: DocumentEvent) -> str:
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in event.change_lines()))


@admin.register(Document)
class DocumentAdmin(ReadOnlyAdmin):
    list_display = ["title", "agency", "index_number", "status", "validity", "published_on"]
    list_filter = ["status", "validity", "disclosure_mode", "topic", "genre"]
    search_fields = ["title", "index_number", "document_number"]
    inlines = [DocumentEventInline]
