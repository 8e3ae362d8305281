"""Exceptions shared by services and their callers."""

from django.core.exceptions import ValidationError


class StateConflict(ValidationError):
    """A request that is well-formed but does not fit the record's current state (editing a
    submitted dossier, a move the workflow does not allow from here). Forms and the admin show it
    like any ValidationError; the API answers 409 Conflict instead of 422."""


class ImpossibleMove(ValidationError):
    """A workflow move that does not exist from the record's current status (someone acted first,
    or a forged request). One convention everywhere (ocop.core.transitions): the API and the pages
    answer 422 — unlike a move the user's roles do not allow, which is a PermissionDenied (403)."""
