"""Exceptions shared by services and their callers."""

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """A request that is well-formed but does not fit the record's current state (editing a
    submitted dossier, a move the workflow does not allow from here). Forms and the admin show it
    like any ValidationError; the API answers 409 Conflict instead of 422."""
