"""Training: the roster of people to train, courses with sessions and participants, attendance."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from unfold.contrib.filters.admin import ChoicesDropdownFilter

from ocop.program.admin.base import ProgramAdmin, ProgramTabularInline, ScopedForm
from ocop.program.models import (
    TrainingAttendance,
    TrainingCourse,
    TrainingParticipant,
    TrainingRosterEntry,
    TrainingSession,
)
from ocop.program.services.training import (
    COURSE_FIELDS,
    ROSTER_FIELDS,
    attendance_delete,
    attendance_save,
    course_delete,
    course_save,
    participant_delete,
    participant_save,
    roster_entry_delete,
    roster_entry_save,
    session_delete,
    session_save,
)


class RosterForm(ScopedForm):
    class Meta:
        model = TrainingRosterEntry
        fields = ROSTER_FIELDS


@admin.register(TrainingRosterEntry)
class TrainingRosterEntryAdmin(ProgramAdmin):
    form = RosterForm
    service_save = ("entry", roster_entry_save)
    service_delete = ("entry", roster_entry_delete)
    list_display = ["full_name", "category", "position", "organisation", "unit", "listed_on", "removed_on"]
    list_filter = [("category", ChoicesDropdownFilter)]
    list_filter_submit = True
    search_fields = ["full_name", "organisation"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "producer"]


class SessionInline(ProgramTabularInline):
    model = TrainingSession
    fields = ["date", "topic", "location", "hours"]
    show_change_link = True
    service_save = ("session", session_save)
    service_delete = ("session", session_delete)


class ParticipantForm(forms.ModelForm):
    """Someone on the roster needs no more than the roster line; anyone else needs name, group, unit."""

    FROM_ROSTER = ("full_name", "category", "unit")

    class Meta:
        model = TrainingParticipant
        fields = ["roster_entry", "full_name", "category", "unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in self.FROM_ROSTER:
            if name in self.fields:  # absent on read-only pages
                self.fields[name].required = False

    def clean(self):
        cleaned = super().clean()
        entry = cleaned.get("roster_entry")
        for name in (n for n in self.FROM_ROSTER if n in self.fields):
            if not cleaned.get(name):
                if entry is not None:
                    cleaned[name] = getattr(entry, name)
                else:
                    self.add_error(name, _("Nhập thông tin, hoặc chọn người trong danh sách cần đào tạo."))
        return cleaned


class ParticipantInline(ProgramTabularInline):
    model = TrainingParticipant
    form = ParticipantForm
    fields = ["roster_entry", "full_name", "category", "unit"]
    autocomplete_fields = ["roster_entry", "unit"]
    service_save = ("participant", participant_save)
    service_delete = ("participant", participant_delete)


class CourseForm(ScopedForm):
    class Meta:
        model = TrainingCourse
        fields = COURSE_FIELDS


@admin.register(TrainingCourse)
class TrainingCourseAdmin(ProgramAdmin):
    form = CourseForm
    service_save = ("course", course_save)
    service_delete = ("course", course_delete)
    list_display = ["title", "unit", "organiser", "starts_on", "ends_on"]
    search_fields = ["title", "organiser"]
    list_select_related = ["unit"]
    autocomplete_fields = ["unit", "plan"]
    inlines = [SessionInline, ParticipantInline]


class AttendanceInline(ProgramTabularInline):
    model = TrainingAttendance
    fields = ["participant", "present"]
    service_save = ("attendance", attendance_save)
    service_delete = ("attendance", attendance_delete)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "participant":
            session_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = TrainingParticipant.objects.filter(course__sessions__pk=session_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SessionForm(ScopedForm):
    class Meta:
        model = TrainingSession
        fields = ["course", "date", "topic", "location", "hours"]

    def unit_from(self, cleaned):
        course = cleaned.get("course")
        return course.unit if course else None

    def clean(self):
        # The service's rule, on the form: a date outside the course was a 500 from save_model.
        cleaned = super().clean()
        course, day = cleaned.get("course"), cleaned.get("date")
        if course and day and not course.starts_on <= day <= course.ends_on:
            self.add_error("date", _("Ngày học phải trong thời gian của khoá."))
        return cleaned


@admin.register(TrainingSession)
class TrainingSessionAdmin(ProgramAdmin):
    """A session's page is where attendance is taken."""

    form = SessionForm
    unit_field = "course__unit"
    service_save = ("session", session_save)
    service_delete = ("session", session_delete)
    list_display = ["date", "topic", "course", "location", "hours"]
    list_select_related = ["course"]
    search_fields = ["topic", "course__title"]
    autocomplete_fields = ["course"]
    inlines = [AttendanceInline]
    verbose_name_plural = _("Điểm danh theo buổi học")
