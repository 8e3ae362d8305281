"""Portal pages of the certificates app, for the producer portal to mount (e.g. at /cong/thong-bao/)."""

from django.urls import path

from ocop.certificates import views

app_name = "certificates_portal"
urlpatterns = [
    path("", views.notification_list, name="notifications"),
    path("da-doc/", views.notifications_read, name="notifications_read"),
]
