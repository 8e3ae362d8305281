"""The producer's dossier pages; mounted at /portal/ho-so/ (before the portal's own include)."""

from django.urls import path

from ocop.rating.views import portal

app_name = "rating_portal"
urlpatterns = [
    path("", portal.dossier_list, name="list"),
    path("moi/", portal.dossier_create, name="create"),
    path("<int:pk>/", portal.dossier_detail, name="detail"),
    path("<int:pk>/phieu-dang-ky/", portal.dossier_edit, name="edit"),
    path("<int:pk>/tu-danh-gia/", portal.self_assessment, name="self_assessment"),
    path("<int:pk>/minh-chung/", portal.evidence, name="evidence"),
    path("<int:pk>/minh-chung/<int:evidence_pk>/bo/", portal.evidence_remove, name="evidence_remove"),
    path("<int:pk>/chuyen/<str:to>/", portal.dossier_move, name="move"),
]
