from django.urls import path

from ocop.portal.views import (
    address,
    auth,
    certificates,
    dossiers,
    ideas,
    implementations,
    notifications,
    plans,
    producers,
    products,
)

app_name = "portal"

urlpatterns = [
    path("", auth.home, name="home"),
    path("dang-nhap/", auth.LoginView.as_view(), name="login"),
    path("dang-xuat/", auth.LogoutView.as_view(), name="logout"),
    path("dang-ky/", auth.register, name="register"),
    path("dang-ky/xa/", auth.commune_options, name="commune_options"),
    path("chu-the/", producers.producer_list, name="producer_list"),
    path("chu-the/<int:pk>/", producers.producer_detail, name="producer_detail"),
    path("chu-the/<int:pk>/xac-minh/<slug:to>/", producers.verification_move, name="verification_move"),
    path("chu-the/<int:pk>/giay-to/moi/", producers.document_create, name="document_create"),
    path("chu-the/<int:pk>/y-tuong/moi/", ideas.idea_create, name="idea_create"),
    path("y-tuong/<int:pk>/", ideas.idea_detail, name="idea_detail"),
    path("y-tuong/<int:pk>/sua/", ideas.idea_update, name="idea_update"),
    path("y-tuong/<int:pk>/chuyen/<slug:to>/", ideas.idea_move, name="idea_move"),
    path("y-tuong/<int:pk>/phuong-an/moi/", plans.plan_create, name="plan_create"),
    path("phuong-an/<int:pk>/", plans.plan_detail, name="plan_detail"),
    path("phuong-an/<int:pk>/sua/", plans.plan_update, name="plan_update"),
    path("phuong-an/<int:pk>/chuyen/<slug:to>/", plans.plan_move, name="plan_move"),
    path("trien-khai/<int:pk>/", implementations.implementation_detail, name="implementation_detail"),
    path("trien-khai/<int:pk>/moc/<int:milestone_pk>/xong/", implementations.milestone_done, name="milestone_done"),
    path("trien-khai/<int:pk>/chuyen/<slug:to>/", implementations.implementation_move, name="implementation_move"),
    # Rating dossiers (form 01, self-assessment, evidence, submit/withdraw).
    path("ho-so/", dossiers.dossier_list, name="dossier_list"),
    path("ho-so/moi/", dossiers.dossier_create, name="dossier_create"),
    path("ho-so/<int:pk>/", dossiers.dossier_detail, name="dossier_detail"),
    path("ho-so/<int:pk>/phieu-dang-ky/", dossiers.dossier_edit, name="dossier_edit"),
    path("ho-so/<int:pk>/tu-danh-gia/", dossiers.self_assessment, name="dossier_self_assessment"),
    path("ho-so/<int:pk>/minh-chung/", dossiers.evidence, name="dossier_evidence"),
    path("ho-so/<int:pk>/minh-chung/<int:evidence_pk>/bo/", dossiers.evidence_remove, name="dossier_evidence_remove"),
    path("ho-so/<int:pk>/minh-chung/<int:evidence_pk>/thay-tep/", dossiers.evidence_replace,
         name="dossier_evidence_replace"),
    path("ho-so/<int:pk>/chuyen/<str:to>/", dossiers.dossier_move, name="dossier_move"),
    # The producer's own space: products, certificates, address correction.
    path("san-pham/", products.product_list, name="product_list"),
    path("san-pham/moi/", products.product_create, name="product_create"),
    path("san-pham/<int:pk>/", products.product_edit, name="product_edit"),
    path("san-pham/<int:pk>/anh/", products.photo_add, name="product_photo_add"),
    path("san-pham/<int:pk>/anh/<int:photo_pk>/xoa/", products.photo_delete, name="product_photo_delete"),
    path("san-pham/<int:pk>/lien-ket/", products.link_add, name="product_link_add"),
    path("san-pham/<int:pk>/lien-ket/<int:link_pk>/xoa/", products.link_delete, name="product_link_delete"),
    path("giay-chung-nhan/", certificates.certificate_list, name="certificate_list"),
    path("giay-chung-nhan/<int:pk>/danh-gia-lai/", certificates.certificate_rerate, name="certificate_rerate"),
    path("chu-the/<int:pk>/sua-dia-chi/", address.address_request, name="address_request"),
    # Notifications.
    path("thong-bao/", notifications.notification_list, name="notifications"),
    path("thong-bao/da-doc/", notifications.notifications_read, name="notifications_read"),
]
