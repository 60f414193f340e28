"""``gongkai report build|import|rollup``: annual reports from the records, from published files, combined.

* ``gongkai report build --agency NAME_OR_CODE --year Y [--format json|docx|pdf|html|xlsx|txt] [-o PATH]``
  builds the agency-year's draft from the records and writes it (to stdout for json/html/txt without -o).
  A year on record from an imported report is written as imported (``--from-records`` rebuilds anyway).
* ``gongkai report import FILE [--agency NAME_OR_CODE] [--year Y]`` reads a published report (as
  ``gongkai audit`` does) and stores it as the agency-year's published record.
* ``gongkai report rollup --agency GOVERNMENT --year Y [...]`` combines the departments' reports.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.agencies.models import Agency
from gongkai.reports import actions
from gongkai.reports.auditing import apply_year, read_report, same_agency
from gongkai.reports.models import Report
from gongkai.reports.output import FORMATS, FormatUnavailable, render
from gongkai.reports.parse import CannotRead


def find_agency(value: str) -> Agency:
    matches = list(Agency.objects.by_name_or_code(value))
    if not matches:
        matches = [agency for agency in Agency.objects.all() if same_agency(agency.name, value)]
    if len(matches) != 1:
        raise CommandError(
            f"找不到唯一的机关“{value}” / no single agency named {value!r} ({len(matches)} found)"
        )
    return matches[0]


class Command(BaseCommand):
    help = "生成、导入年度报告 / build and import annual reports"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="subcommand", required=True)
        build = sub.add_parser("build", help="从业务记录生成年度报告 / build from the records")
        rollup = sub.add_parser("rollup", help="汇总所属部门的年度报告 / combine the departments' reports")
        for command in (build, rollup):
            command.add_argument("--agency", required=True, help="机关名称或统一社会信用代码 / agency")
            command.add_argument("--year", type=int, required=True)
            command.add_argument("--format", choices=FORMATS, default="json")
            command.add_argument("-o", "--output", metavar="PATH")
        build.add_argument(
            "--from-records",
            action="store_true",
            help="即使该年度已导入也从记录生成 / rebuild an imported year",
        )
        imported = sub.add_parser("import", help="导入已公开的年度报告 / import a published report")
        imported.add_argument("file", metavar="FILE")
        imported.add_argument(
            "--agency", help="机关（默认按报告标题）/ agency (default: as the report names it)"
        )
        imported.add_argument(
            "--year", type=int, help="报告年度（文件未写明时）/ year when the file does not say"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["subcommand"] == "import":
                self.import_report(options)
            else:
                self.build(options)
        except ValidationError as exc:
            raise CommandError("；".join(exc.messages)) from exc

    def import_report(self, options: dict[str, Any]) -> None:
        path = Path(options["file"])
        try:
            report = read_report(path)
        except CannotRead as exc:
            raise CommandError(f"无法读取 / cannot read {path}: {exc.reason}", returncode=2) from exc
        apply_year(report, options["year"])
        name = options["agency"] or report.agency
        if not name:
            raise CommandError("报告未写明机关，请用 --agency 指定 / give --agency")
        agency = find_agency(name)
        record = actions.do_import_report(None, agency, report, file_name=path.name)
        errors = sum(1 for finding in record.data.get("findings", []) if finding["severity"] == "error")
        self.stdout.write(
            f"已导入 / imported: {agency.name} {record.year}年 v{record.version}（{record.annual_report().report_format.short_name}，错误 {errors}）"
        )

    def build(self, options: dict[str, Any]) -> None:
        agency = find_agency(options["agency"])
        year = options["year"]
        if options["subcommand"] == "rollup":
            record = actions.do_build_rollup(None, agency, year)
        else:
            stored = actions.current_report(agency, year)
            if stored is None or stored.source != Report.Source.IMPORTED or options["from_records"]:
                record = actions.do_build_report(None, agency, year)
            else:
                record = stored
        extra = {"version": record.version, "status": record.status, "source": record.source}
        if "rollup" in record.data:
            extra["rollup"] = record.data["rollup"]
        try:
            content = render(record.annual_report(), options["format"], record.provenance, extra)
        except FormatUnavailable as exc:
            raise CommandError(f"此版本尚不能输出 {exc} / the {exc} renderer is not available") from exc
        if options["output"]:
            Path(options["output"]).write_bytes(content)
            self.stderr.write(f"已写入 / written: {options['output']}")
        elif options["format"] in ("json", "html", "txt"):
            self.stdout.write(content.decode("utf-8"))
        else:
            sys.stdout.buffer.write(content)
