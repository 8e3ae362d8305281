"""Public pages, mounted at /xac-minh/ (config/urls.py): the verification page behind each QR code,
and the lookup box (a verification code or an OCOP product code)."""

from django.urls import path

from ocop.certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.certificate_lookup, name="lookup"),
    path("<str:uid>/", views.certificate_verify, name="verify"),
]
