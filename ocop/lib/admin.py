"""The read-only back-office page, written once: records that services or the system keep (a
report job, a computed indicator value, an audit event…) are shown, never added, changed or
deleted by hand. Mixed in before the ModelAdmin or inline class; it imports nothing."""


class ReadOnlyAdminMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
