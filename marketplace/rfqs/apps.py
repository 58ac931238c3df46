from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RfqsConfig(AppConfig):
    name = "marketplace.rfqs"
    label = "rfqs"
    verbose_name = _("RFQs and quotes")
