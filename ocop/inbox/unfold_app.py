"""Unfold's app, installing our admin site (ocop.inbox.admin_site.OcopAdminSite) in place of
UnfoldAdminSite. Listed in INSTALLED_APPS instead of "unfold"."""

from django.contrib import admin
from django.contrib.admin import sites
from unfold.apps import DefaultAppConfig


class UnfoldConfig(DefaultAppConfig):
    default = False

    def ready(self):
        from ocop.inbox.admin_site import OcopAdminSite
        from ocop.inbox.counts_cache import connect_signals

        connect_signals()

        site = OcopAdminSite()
        admin.site = site
        sites.site = site
