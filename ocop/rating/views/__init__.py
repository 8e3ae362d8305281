"""Back-office pages of the rating app inside the admin site (backoffice.py); the producer's
dossier pages are in the portal app (ocop/portal/views/dossiers.py). Thin views: a scoped
selector, a form, one service, render."""
