"""Admin for the vocabularies, index number schemes, guides and decision counts.

Documents are shown read-only here: their changes go through the workflow pages (``catalog.actions``) so
that every change is checked, logged and indexed.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import DecisionCount, Document, DocumentEvent, Genre, Guide, IndexNumberScheme, Topic


@admin.register(Topic, Genre)
class VocabularyAdmin(admin.ModelAdmin):
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
class DecisionCountAdmin(admin.ModelAdmin):
    list_display = ["agency", "year", "licensing_decisions", "penalty_decisions", "enforcement_decisions"]
    list_filter = ["year"]


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["agency", "updated_at"]
    readonly_fields = ["agency", "body", "updated_at", "updated_by"]

    def has_add_permission(self, request):
        return False


class DocumentEventInline(admin.TabularInline):
    model = DocumentEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "kind", "changes_shown", "note"]
    exclude = ["changes"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("changes"))
    def changes_shown(self, event: DocumentEvent) -> str:
        return format_html_join(mark_safe("<br>"), "{}", ((line,) for line in event.change_lines()))


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "index_number", "status", "validity", "published_on"]
    list_filter = ["status", "validity", "disclosure_mode", "topic", "genre"]
    search_fields = ["title", "index_number", "document_number"]
    inlines = [DocumentEventInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
