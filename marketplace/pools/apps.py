from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoolsConfig(AppConfig):
    name = "marketplace.pools"
    label = "pools"
    verbose_name = _("Pooled purchase")
