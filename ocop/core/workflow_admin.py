"""A workflow's status in the back office: the badge of a record's status and the variant of a move's
button, their colours read from the tones of the workflow's declaration (ocop.core.workflow), so a
status looks the same on every admin page that shows it."""

from django.utils.translation import gettext_lazy as _
from unfold.decorators import display
from unfold.enums import ActionVariant

from ocop.core.workflow import Workflow

#: Unfold's label colour of each tone (a status without a tone is "info").
BADGE_COLOURS = {"ok": "success", "warn": "warning", "bad": "danger", "": "info"}
#: Unfold's button variant of a move into a status of each tone.
BUTTON_VARIANTS = {"ok": ActionVariant.PRIMARY, "bad": ActionVariant.DANGER, "warn": ActionVariant.WARNING}


def button_variant(tone: str) -> ActionVariant:
    return BUTTON_VARIANTS.get(tone, ActionVariant.DEFAULT)


def status_badge(flow: Workflow | None = None, description=None):
    """A ModelAdmin column (`status_label = status_badge(workflow.DOSSIER)`): the record's status
    label in the colour of its tone in FLOW (None: the admin's `workflow_flow`, for a mixin shared by
    the admins of several workflows). DESCRIPTION: the column's title, «trạng thái» by default."""

    @display(description=description or _("trạng thái"), label=BADGE_COLOURS, ordering="status")
    def column(admin, obj):
        return (flow or admin.workflow_flow).tone(obj.status), obj.get_status_display()

    return column
