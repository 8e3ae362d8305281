from django.urls import path

from ocop.criteria import views

app_name = "criteria"
urlpatterns = [
    path("", views.criteria_index, name="index"),
    path("<str:regime>/<str:set_code>/", views.sheet, name="sheet"),
]
