"""A scoring sheet as a Django form: one radio choice per leaf criterion.

Reused by the public sheet page, the producer's self-assessment and council members' sheets.
"""

from django import forms
from django.utils.translation import gettext as _

from ocop.criteria.conditions import condition_errors
from ocop.criteria.sheets import CriteriaSet, leaf_criteria

FIELD_PREFIX = "c_"


def field_name(criterion_code: str) -> str:
    return f"{FIELD_PREFIX}{criterion_code}"


class SheetForm(forms.Form):
    def __init__(self, criteria_set: CriteriaSet, *args, require_all: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria_set = criteria_set
        for criterion in leaf_criteria(criteria_set):
            self.fields[field_name(criterion.code)] = forms.ChoiceField(
                label=criterion.title,
                choices=[(o.code, o.title) for o in criterion.options],
                widget=forms.RadioSelect,
                required=require_all,
                error_messages={"required": _("Chưa chọn phương án cho tiêu chí %(code)s.") % {"code": criterion.code}},
            )

    def clean(self):
        """An option chosen in a criterion whose condition fails is refused (it cannot be chosen)."""
        cleaned = super().clean()
        answers = {name.removeprefix(FIELD_PREFIX): value for name, value in cleaned.items()
                   if name.startswith(FIELD_PREFIX) and value}
        for code, message in condition_errors(self.criteria_set, answers):
            self.add_error(field_name(code), _("Tiêu chí %(code)s: %(msg)s") % {"code": code, "msg": message})
        return cleaned

    def answers(self) -> dict[str, str]:
        """{criterion code: option code} for the criteria answered (after is_valid())."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        return {
            name.removeprefix(FIELD_PREFIX): value
            for name, value in data.items()
            if name.startswith(FIELD_PREFIX) and value
        }

    def raw_answers(self) -> dict[str, str]:
        """Answers straight from the submitted data (for a live preview of a partial sheet)."""
        return {
            name.removeprefix(FIELD_PREFIX): self.data.get(name)
            for name in self.fields
            if self.data.get(name)
        }
