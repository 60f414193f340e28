"""Encrypted model fields: the database holds ciphertext, the model reads plain text, blanks stay blank."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection

from gongkai.applications.models import Application
from gongkai.applications.tests.helpers import register
from gongkai.lib import crypto
from gongkai.testing import Cast

pytestmark = pytest.mark.django_db
RECEIVED = datetime.date(2024, 3, 1)


def stored(application: Application, column: str) -> str | None:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {connection.ops.quote_name(column)} FROM {Application._meta.db_table} WHERE id = %s",
            [application.pk],
        )
        return cursor.fetchone()[0]


def test_personal_data_is_ciphertext_in_the_database_and_plain_in_the_model(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, RECEIVED)
    for field in ("id_number", "phone"):
        value = getattr(application, field)
        raw = stored(application, field)
        assert value and raw and raw.startswith(crypto.PREFIX) and value not in raw
        assert getattr(Application.objects.get(pk=application.pk), field) == value


def test_blank_values_are_stored_blank(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, RECEIVED)
    Application.objects.filter(pk=application.pk).update(address="", email="")
    assert (stored(application, "address"), stored(application, "email")) == ("", "")
    again = Application.objects.get(pk=application.pk)
    assert (again.address, again.email) == ("", "")


def test_a_row_written_before_encryption_reads_and_is_encrypted_when_saved(cast: Cast) -> None:
    application = register(cast.clerk, cast.agency, RECEIVED)
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Application._meta.db_table} SET phone = %s WHERE id = %s",
            ["0573-1234567", application.pk],
        )
    again = Application.objects.get(pk=application.pk)
    assert again.phone == "0573-1234567"
    again.save()
    assert (stored(application, "phone") or "").startswith(crypto.PREFIX)


def test_the_fields_keep_their_form_validation() -> None:
    field = Application._meta.get_field("email")
    with pytest.raises(ValidationError) as refused:
        field.clean("not an address", None)
    assert [error.code for error in refused.value.error_list] == ["invalid"]
    assert isinstance(field.formfield(), forms.EmailField)
