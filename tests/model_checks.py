"""Checks shared by the model tests of every app: a rule refused by validation, and by the database.

Where a rule lives both in validation and in the database, both layers are tested: full_clean() reports
it on the right field, and a save or bulk insert that skips validation is refused by the database.
"""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

# --------------------------------------------------------------------------- helpers


def validation_messages(obj):
    """The message_dict of the ValidationError that full_clean() must raise."""
    with pytest.raises(ValidationError) as caught:
        obj.full_clean()
    return caught.value.message_dict


def constraint_messages(obj):
    """The message_dict of the ValidationError that validate_constraints() (the named constraints) must raise."""
    with pytest.raises(ValidationError) as caught:
        obj.validate_constraints()
    return caught.value.message_dict


def assert_database_refuses(obj):
    """Neither a save() nor a bulk insert (both skip full_clean) gets the row into the database."""
    model = type(obj)
    before = model._default_manager.count()
    with pytest.raises(IntegrityError), transaction.atomic():
        obj.save()
    obj.pk = None
    with pytest.raises(IntegrityError), transaction.atomic():
        model._default_manager.bulk_create([obj])
    assert model._default_manager.count() == before
