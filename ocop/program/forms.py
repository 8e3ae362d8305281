"""Input validation for the program's pages. No business rules here: services decide."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from unfold.widgets import UnfoldAdminIntegerFieldWidget, UnfoldAdminSelectWidget, UnfoldAdminTextareaWidget

from ocop.program.workflow import TaskStatus, completion_refusal
from ocop.territory.models import AdminUnit


class DashboardFilterForm(forms.Form):
    """The area and period of a dashboard page (GET). Everything optional: the page picks defaults."""

    unit = forms.IntegerField(required=False, min_value=1)
    map = forms.ChoiceField(required=False, choices=AdminUnit.Generation.choices)
    period = forms.IntegerField(required=False, min_value=1)
    year = forms.IntegerField(required=False, min_value=2018, max_value=2100)

    def is_empty(self) -> bool:
        return not any(self.cleaned_data.get(name) for name in self.fields)


class ProducerSupportFilterForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), required=False, min_value=2018, max_value=2100,
                              widget=UnfoldAdminIntegerFieldWidget)
    all = forms.BooleanField(label=_("Cả chủ thể chưa nhận hỗ trợ"), required=False)


class ReportRequestForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Năm báo cáo"), coerce=int, widget=UnfoldAdminSelectWidget)
    unit = forms.IntegerField(required=False, widget=forms.HiddenInput)
    map = forms.ChoiceField(required=False, choices=AdminUnit.Generation.choices, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        self.fields["year"].choices = [(y, y) for y in range(this_year, 2017, -1)]
        self.fields["year"].initial = this_year - 1 if timezone.localdate().month < 4 else this_year


class TaskMoveForm(forms.Form):
    to = forms.ChoiceField(choices=TaskStatus.choices, widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Lý do, ý kiến"), required=False, max_length=2000,
                             widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}))

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.task = task

    def clean(self):
        cleaned = super().clean()
        to = cleaned.get("to")
        if self.task is not None and to:
            refusal = completion_refusal(to, self.task.progress)
            if refusal:
                raise forms.ValidationError(refusal, code="progress")
        return cleaned


class TaskNoteForm(forms.Form):
    text = forms.CharField(label=_("Nội dung tiến độ"), max_length=4000, widget=UnfoldAdminTextareaWidget(attrs={"rows": 3}))
    progress = forms.IntegerField(label=_("Tiến độ (%)"), required=False, min_value=0, max_value=100,
                                  widget=UnfoldAdminIntegerFieldWidget)


class PeriodReopenForm(forms.Form):
    reason = forms.CharField(label=_("Lý do mở lại"), max_length=2000, widget=UnfoldAdminTextareaWidget(attrs={"rows": 2}))
