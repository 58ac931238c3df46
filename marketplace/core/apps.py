import logging

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("marketplace")


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER:
            logger.info("No REDIS_URL: Celery tasks run in-process (eager mode).")
