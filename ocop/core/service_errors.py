"""The one way a page turns a service's refusal into what the person sees.

A service refuses with a ValidationError (its subclasses StateConflict and ImpossibleMove too),
its messages in Vietnamese. On a page with a form they go onto the form: a dict's messages onto
their fields (onto the form as a whole where the form has no such field), a list's onto the form
as a whole; a page without a form (a ModelAdmin save, an admin action) shows them as one error
message. The page is then rendered again with the person's input.

    if request.method == "POST" and form.is_valid():
        with service_errors(form):
            thing_do(..., actor=request.user)
            messages.success(request, _("Đã …"))
            return redirect(...)
    return render(...)  # reached on GET, on a bad form, or after a refusal (the form has its errors)
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.contrib import messages
from django.core.exceptions import ValidationError


def add_service_errors(form, exc: ValidationError, field: str | None = None) -> None:
    """Put EXC's messages on FORM: a dict's per field where the form has the field, else on the form
    as a whole; a list's on FIELD (None: the form as a whole)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(field, exc.error_list)


@contextmanager
def service_errors(form=None, *, request=None, field: str | None = None,
                   also: tuple[type[Exception], ...] = ()) -> Iterator[None]:
    """Run the block; a ValidationError raised in it ends the block and goes onto FORM (a list's
    messages onto FIELD, see add_service_errors) or, with no form, into REQUEST's messages as one
    error. ALSO: other refusals shown the same way, by their text (PermissionDenied where a service
    asks the actor's right and the page shows the answer). Nothing else is caught."""
    try:
        yield
    except (ValidationError, *also) as exc:
        error = exc if isinstance(exc, ValidationError) else ValidationError(str(exc))
        if form is not None:
            add_service_errors(form, error, field)
        elif request is not None:
            messages.error(request, " ".join(error.messages))
        else:
            raise
