"""Import documents (CSV/XLSX/JSON) into an agency's catalog, or decision counts (CSV), from the command line.

gongkai catalog_import documents 秀洲区经济信息商务局 catalog.xlsx --user jxsw_approver
gongkai catalog_import counts decisions.csv --user admin
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.agencies.actions import NotAllowed
from gongkai.agencies.models import Agency
from gongkai.catalog import actions, bulk


class Command(BaseCommand):
    help = "Import documents or decision counts; every row or, on any error, none."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", choices=["documents", "counts"])
        parser.add_argument("args", nargs="+", help="documents: AGENCY FILE; counts: FILE")
        parser.add_argument("--user", required=True, help="the approver the import is made as")

    def handle(self, *args: str, **options: Any) -> None:
        kind = options["kind"]
        user = get_user_model().objects.filter(username=options["user"]).first()
        if user is None:
            raise CommandError(f"No user {options['user']!r}.")
        try:
            if kind == "documents":
                if len(args) != 2:
                    raise CommandError("documents needs AGENCY FILE")
                agency = Agency.objects.by_name_or_code(args[0]).first()
                if agency is None:
                    raise CommandError(f"No agency {args[0]!r}.")
                with open(args[1], "rb") as stream:
                    created = actions.do_import_documents(user, agency, bulk.read_rows(stream, args[1]))
                self.stdout.write(f"Imported {len(created)} documents.")
            else:
                with open(args[0], "rb") as stream:
                    saved = actions.do_import_decision_counts(user, bulk.read_count_rows(stream, args[0]))
                self.stdout.write(f"Entered counts for {len(saved)} agency-years.")
        except bulk.ImportFailed as failure:
            for error in failure.errors:
                self.stderr.write(str(error))
            raise CommandError(f"Nothing imported: {len(failure.errors)} errors.") from None
        except NotAllowed:
            raise CommandError(f"{user} may not import into this agency.") from None
