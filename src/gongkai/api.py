"""The REST API (django-ninja, OpenAPI at /api/docs). Each app adds its router here."""

from ninja import NinjaAPI

api = NinjaAPI(title="gongkai API", version="1", urls_namespace="api")

api.add_router("/catalog/", "gongkai.catalog.api.router")
