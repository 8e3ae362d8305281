"""Criteria regimes and sets as versioned legal data, their validator, and the pure scoring engine.

- :mod:`ocop.criteria.sheets`: load ``data/regimes.json`` and ``data/<regime>/set-NN.json`` into
  frozen dataclasses (cached).
- :mod:`ocop.criteria.validation`: ``check_all()`` verifies every set of every regime with sheets.
- :mod:`ocop.criteria.scoring`: score one sheet, a council's sheets, the star band and rank.
- :mod:`ocop.criteria.cli`: ``ocop criteria ...`` and ``ocop rate ...``.

No module here imports the Django ORM.
"""

from ocop.criteria.sheets import (
    CriteriaSet,
    Criterion,
    DataError,
    Group,
    Option,
    Part,
    Regime,
    UnknownSet,
    get_regime,
    get_set,
    leaf_criteria,
    list_regimes,
    list_sets,
)

__all__ = [
    "CriteriaSet",
    "Criterion",
    "DataError",
    "Group",
    "Option",
    "Part",
    "Regime",
    "UnknownSet",
    "get_regime",
    "get_set",
    "leaf_criteria",
    "list_regimes",
    "list_sets",
]
