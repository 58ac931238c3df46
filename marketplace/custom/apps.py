from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomConfig(AppConfig):
    name = "marketplace.custom"
    label = "custom"
    verbose_name = _("Custom bearings")
