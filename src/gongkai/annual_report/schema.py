"""The JSON Schema of ``gongkai.annual-report/1``, generated from the format definitions (so a new format
file changes the schema too); ``gongkai.reports.views.schema_view`` serves it at :data:`SCHEMA_URL` for the
people who reuse the data."""

from __future__ import annotations

from typing import Any

from gongkai.annual_report.formats import APPLICANT_KEYS, FORMATS, REVIEW_KEYS, all_application_rows
from gongkai.annual_report.model import SCHEMA

SCHEMA_URL = "/schema/annual-report-1.json"
COUNT = {"type": ["integer", "null"], "minimum": 0}
PROACTIVE_VALUE = {"type": ["number", "string", "null"]}


def _counts(keys: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "object", "properties": {key: dict(COUNT) for key in keys}, "additionalProperties": False}


def _variant(format_id: str) -> dict[str, Any]:
    report_format = FORMATS[format_id]
    rows = [row.key for row in report_format.known_rows]
    proactive = {
        row.key: {
            "type": "object",
            "properties": {column.key: PROACTIVE_VALUE for column in row.columns},
            "additionalProperties": False,
        }
        for row in report_format.proactive_rows
    }
    return {
        "if": {"properties": {"format": {"const": format_id}}, "required": ["format"]},
        "then": {
            "properties": {
                "proactive": {"type": "object", "properties": proactive, "additionalProperties": False},
                "applications": {
                    "type": "object",
                    "properties": {key: {"$ref": "#/$defs/applicantCounts"} for key in rows},
                    "additionalProperties": False,
                },
            }
        },
    }


def annual_report_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_URL,
        "title": "gongkai.annual-report/1 — 政府信息公开工作年度报告",
        "description": (
            "One agency's annual report for one year. Integers are counts; null is a blank or unreadable "
            "cell, never 0. Money amounts in section 二 are numbers or the text as printed."
        ),
        "type": "object",
        "required": ["schema", "agency", "year", "format", "proactive", "applications", "reviews"],
        "properties": {
            "schema": {"const": SCHEMA},
            "agency": {"type": ["string", "null"]},
            "year": {"type": ["integer", "null"], "minimum": 2008},
            "format": {"enum": sorted(FORMATS)},
            "proactive": {"type": "object"},
            "applications": {
                "type": "object",
                "propertyNames": {"enum": [row.key for row in all_application_rows()]},
            },
            "reviews": {
                "type": "object",
                "properties": {
                    group.key: {"$ref": "#/$defs/reviewCounts"}
                    for report_format in FORMATS.values()
                    for group in report_format.review_groups
                },
                "additionalProperties": False,
            },
            "findings": {"type": "array", "items": {"$ref": "#/$defs/finding"}},
            # Cells the reader could not decide between several readings: path → candidates (cell null).
            "ambiguous": {
                "type": "object",
                "propertyNames": {"pattern": "^(proactive|applications|reviews)\\.[a-z0-9_]+\\.[a-z0-9_]+$"},
                "additionalProperties": {"type": "array", "items": PROACTIVE_VALUE, "minItems": 2},
            },
        },
        "allOf": [_variant(format_id) for format_id in sorted(FORMATS)],
        "$defs": {
            "applicantCounts": _counts(APPLICANT_KEYS),
            "reviewCounts": _counts(REVIEW_KEYS),
            "finding": {
                "type": "object",
                "required": ["rule", "severity", "cells", "message"],
                "properties": {
                    "rule": {"type": "string", "pattern": "^R[0-9]+$"},
                    "severity": {"enum": ["error", "warning", "info"]},
                    "cells": {"type": "array", "items": {"type": "string"}},
                    "message": {"type": "string"},
                    "left": PROACTIVE_VALUE,
                    "right": PROACTIVE_VALUE,
                },
            },
        },
    }
