"""Admin for the vocabularies, index number schemes, guides and decision counts.

Documents are shown read-only here: their changes go through the workflow pages (``catalog.actions``) so
that every change is checked, logged and indexed.
"""

from django.contrib import admin

from .models import DecisionCount, Document, DocumentEvent, Genre, Guide, IndexNumberScheme, Topic


@admin.register(Topic, Genre)
class VocabularyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "position"]
    list_editable = ["name", "position"]
    search_fields = ["code", "name"]


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
    readonly_fields = ["at", "actor", "kind", "changes", "note"]

    def has_add_permission(self, request, obj=None):
        return False


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
