"""Pages of the rating app: the producer portal (portal.py) and back-office pages inside the
admin site (backoffice.py). Thin views: a scoped selector, a form, one service, render."""
