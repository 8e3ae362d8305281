"""Public pages of the catalog (mounted at the site root by config/urls.py; home is "home")."""

from django.urls import path

from ocop.catalog import opendata, views

app_name = "catalog"
urlpatterns = [
    path("san-pham/", views.product_list, name="product_list"),
    path("san-pham/<int:pk>/", views.product_detail, name="product_detail"),
    path("chu-the/<int:pk>/", views.producer_detail, name="producer_detail"),
    path("bao-cao-gia-mao/", views.fake_report, name="fake_report"),
    path("bao-cao-gia-mao/da-gui/", views.fake_report_sent, name="fake_report_sent"),
    path("kiem-tra/", views.verify_lookup, name="verify_lookup"),
    path("du-lieu-mo/", opendata.open_data, name="open_data"),
    path("du-lieu-mo/datapackage.json", opendata.datapackage, name="open_data_package"),
    path("du-lieu-mo/<slug:name>.<str:fmt>", opendata.download, name="open_data_file"),
]
