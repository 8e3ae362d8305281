from django.urls import path

from ocop.accounts import views

app_name = "accounts"

urlpatterns = [
    path("ma-xac-thuc/", views.otp_verify, name="otp_verify"),
    path("bao-mat/", views.security, name="security"),
    path("bao-mat/hai-buoc/bat/", views.totp_enrol, name="totp_enrol"),
    path("bao-mat/hai-buoc/huy/", views.totp_cancel, name="totp_cancel"),
    path("bao-mat/hai-buoc/tat/", views.totp_disable, name="totp_disable"),
]
