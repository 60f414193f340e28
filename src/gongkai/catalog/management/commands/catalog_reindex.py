from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from gongkai.catalog.search import backend


class Command(BaseCommand):
    help = "Rebuild the catalog's full-text search index from the published documents."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = backend().rebuild()
        self.stdout.write(f"Indexed {count} documents.")
