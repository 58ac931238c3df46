import logging
import os
import sys

from django.apps import AppConfig
from django.conf import settings

logger = logging.getLogger("marketplace")


class CoreConfig(AppConfig):
    name = "marketplace.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        if settings.CELERY_TASK_ALWAYS_EAGER and _announce_once():
            logger.info("No REDIS_URL: Celery tasks run in-process (eager mode).")


ANNOUNCED = "MARKETPLACE_EAGER_ANNOUNCED"


def _announce_once() -> bool:
    """True in the first process of a start that imports the apps: not runserver's file watcher (its
    serving child says it), nor the processes a start spawns (they inherit the mark)."""
    if os.environ.get(ANNOUNCED):
        return False
    if "runserver" in sys.argv and "--noreload" not in sys.argv and os.environ.get("RUN_MAIN") != "true":
        return False
    os.environ[ANNOUNCED] = "1"
    return True
