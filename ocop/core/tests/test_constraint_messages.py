"""A refused write names the rule in Vietnamese, never the database constraint (issue 13 item 10)."""

from django.apps import apps
from django.db.models import UniqueConstraint
from django.utils import translation


def _constraints():
    for model in apps.get_models():
        if model.__module__.startswith("ocop."):
            for constraint in model._meta.constraints:
                # A plain unique constraint on fields gets Django's own "… with this … already exists".
                if isinstance(constraint, UniqueConstraint) and constraint.fields and not (
                    constraint.condition or constraint.expressions
                ):
                    continue
                yield model, constraint


def test_every_constraint_that_a_form_can_meet_has_a_vietnamese_message():
    missing = []
    with translation.override("vi"):
        for model, constraint in _constraints():
            message = str(constraint.get_violation_error_message())
            if constraint.name in message or message == str(constraint.default_violation_error_message):
                missing.append(f"{model._meta.label}.{constraint.name}")
    assert not missing, missing
    assert sum(1 for _ in _constraints()) > 40


def test_a_round_whose_unit_does_not_match_its_level_is_refused_in_words():
    from django.core.exceptions import ValidationError

    from ocop.rating.models import RatingRound

    constraint = next(c for c in RatingRound._meta.constraints if c.name == "ratinground_unit_matches_level")
    with translation.override("vi"):
        error = ValidationError(constraint.get_violation_error_message())
    assert "ratinground_unit_matches_level" not in " ".join(error.messages)
    assert "trung ương" in " ".join(error.messages)
