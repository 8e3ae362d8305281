"""Public pages, mounted at /xac-minh/ (config/urls.py): the verification page behind each QR code."""

from django.urls import path

from ocop.certificates import views

app_name = "certificates"
urlpatterns = [
    path("<str:uid>/", views.certificate_verify, name="verify"),
]
