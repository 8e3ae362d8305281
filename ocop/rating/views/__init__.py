"""Pages of the rating app outside the back office: the dossier documents (documents.py). The
back-office pages are in admin_views.py; the producer's dossier pages in the portal app
(ocop/portal/views/dossiers.py). Thin views: a scoped selector, a form, one service, render."""
