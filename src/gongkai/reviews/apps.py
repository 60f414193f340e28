from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReviewsConfig(AppConfig):
    name = "gongkai.reviews"
    verbose_name = _("Reconsideration and litigation")
