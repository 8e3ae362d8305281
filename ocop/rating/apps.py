from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RatingConfig(AppConfig):
    name = "ocop.rating"
    label = "rating"
    verbose_name = _("Đánh giá, phân hạng")
