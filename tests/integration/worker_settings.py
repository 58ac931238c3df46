"""Settings for worker processes started by the tests: the production settings plus the fault-injection app.

A test points a worker at this module with DJANGO_SETTINGS_MODULE; production code holds no test hook.
"""

from marketplace.settings import *  # noqa: F403 - the production settings, unchanged
from marketplace.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "tests.integration.faults.FaultsConfig"]
