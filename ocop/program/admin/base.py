"""Shared back-office plumbing: program scope, forms that refuse units out of scope, and saves and
deletes routed through the services (so the admin writes audit rows like every other path)."""

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseRedirect
from unfold.admin import ModelAdmin, StackedInline, TabularInline

from ocop.accounts.policy import check_write, office_scope
from ocop.accounts.roles import PROGRAM_WRITERS
from ocop.accounts.scoped_admin import ParentScopedInlineMixin, ScopedAdminMixin
from ocop.core.service_errors import service_errors


class ScopedForm(forms.ModelForm):
    """Checks, before the service does, that the actor may write the record's unit: a unit out
    of scope is a form error, not a 403 page."""

    scope_unit = "unit"  # how to reach the unit from the cleaned data / instance
    write_roles = PROGRAM_WRITERS
    actor = None

    def unit_from(self, cleaned):
        return cleaned.get(self.scope_unit)

    def clean(self):
        cleaned = super().clean()
        if self.actor is not None and not self.errors:
            try:
                check_write(self.actor, self.unit_from(cleaned), self.write_roles)
            except PermissionDenied as exc:
                raise ValidationError(str(exc)) from exc
        return cleaned


class ProgramAdmin(ScopedAdminMixin, ModelAdmin):
    """A scoped ModelAdmin whose writes go through SERVICE_SAVE / SERVICE_DELETE(obj=..., actor=...)."""

    write_roles = PROGRAM_WRITERS
    list_per_page = 50
    compressed_fields = True
    #: (keyword, service) pairs, e.g. ("plan", plan_save).
    service_save: tuple = ()
    service_delete: tuple = ()

    def _scope(self, request):
        return office_scope(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if issubclass(form, ScopedForm):
            form.actor = request.user
            form.write_roles = self.write_roles
        return form

    def save_model(self, request, obj, form, change):
        keyword, service = self.service_save
        service(**{keyword: obj, "actor": request.user})

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # A rule only the service knows is refused at save time: the admin's transaction rolls
        # back and the page says why (it was a 500).
        with service_errors(request=request):
            return super().changeform_view(request, object_id, form_url, extra_context)
        return HttpResponseRedirect(request.get_full_path())

    def save_related(self, request, form, formsets, change):
        # Many-to-many fields are set by the services where a model has them (see TaskAdmin).
        for formset in formsets:
            self.save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        keyword, service = self.service_delete
        service(**{keyword: obj, "actor": request.user})

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        """Inline rows through their own services (InlineMixin.service_save / service_delete)."""
        inline = next((i for i in self.get_inline_instances(request) if i.model is formset.model), None)
        if inline is None or not getattr(inline, "service_save", None):
            return super().save_formset(request, form, formset, change)
        instances = formset.save(commit=False)  # new rows get their parent here
        for obj in formset.deleted_objects:
            keyword, service = inline.service_delete
            service(**{keyword: obj, "actor": request.user})
        for obj in instances:
            keyword, service = inline.service_save
            service(**{keyword: obj, "actor": request.user})


class ParentRightsMixin(ParentScopedInlineMixin):
    """Inline rights follow the parent admin's scoped rights; writes go through services."""

    service_save: tuple = ()
    service_delete: tuple = ()


class ProgramTabularInline(ParentRightsMixin, TabularInline):
    extra = 0


class ProgramStackedInline(ParentRightsMixin, StackedInline):
    extra = 0
