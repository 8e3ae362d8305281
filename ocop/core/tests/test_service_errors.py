"""The one way a page shows a service's refusal (ocop.core.service_errors)."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import RequestFactory

from ocop.core.exceptions import ImpossibleMove, StateConflict
from ocop.core.service_errors import service_errors


class NameForm(forms.Form):
    name = forms.CharField()
    file = forms.CharField(required=False)


def bound_form():
    form = NameForm({"name": "Trà"})
    assert form.is_valid()
    return form


def a_request():
    request = RequestFactory().post("/")
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_dict_goes_onto_its_fields_and_an_unknown_field_onto_the_form():
    form = bound_form()
    reached = []
    with service_errors(form):
        raise ValidationError({"name": "Tên đã có.", "unit": "Đơn vị không thuộc phạm vi."})
        reached.append("after")  # noqa: B018 - never reached: the block ends at the refusal
    assert reached == []
    assert form.errors["name"] == ["Tên đã có."]
    assert form.non_field_errors() == ["Đơn vị không thuộc phạm vi."]
    assert "name" not in form.cleaned_data


def test_a_list_goes_onto_the_form_or_the_named_field():
    form = bound_form()
    with service_errors(form):
        raise ValidationError(["Hồ sơ đã nộp.", "Không sửa được."])
    assert form.non_field_errors() == ["Hồ sơ đã nộp.", "Không sửa được."]

    form = bound_form()
    with service_errors(form, field="file"):
        raise ValidationError("Tệp không đúng định dạng.")
    assert form.errors == {"file": ["Tệp không đúng định dạng."]}


@pytest.mark.parametrize("error", [StateConflict("Hồ sơ đã được tiếp nhận."), ImpossibleMove("Hồ sơ đã được tiếp nhận.")])
def test_its_subclasses_are_refusals_too(error):
    form = bound_form()
    with service_errors(form):
        raise error
    assert form.non_field_errors() == ["Hồ sơ đã được tiếp nhận."]


def test_without_a_form_the_messages_are_one_error_message():
    request = a_request()
    with service_errors(request=request):
        raise ValidationError({"name": ["Tên đã có."], "__all__": ["Đã khoá."]})
    assert [(m.level_tag, m.message) for m in get_messages(request)] == [("error", "Tên đã có. Đã khoá.")]


def test_other_exceptions_pass_unless_named():
    form = bound_form()
    with pytest.raises(PermissionDenied), service_errors(form):
        raise PermissionDenied("Không có quyền.")
    with service_errors(form, also=(PermissionDenied,)):
        raise PermissionDenied("Không có quyền.")
    assert form.non_field_errors() == ["Không có quyền."]
    with pytest.raises(ValidationError), service_errors():  # nowhere to show it: it is not swallowed
        raise ValidationError("Tên đã có.")


def test_success_runs_to_the_end_of_the_block():
    form = bound_form()
    reached = []
    with service_errors(form):
        reached.append("service")
        reached.append("message and redirect")
    assert reached == ["service", "message and redirect"] and form.errors == {}
