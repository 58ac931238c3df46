"""Settings for the Yandian Bearing Exchange, every value read from the environment.

With no DATABASE_URL the service runs on an SQLite file; with no REDIS_URL Celery tasks
run in-process (eager). `.env.example` lists every variable.
"""

import logging
import os
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from marketplace.core.broker import broker_conf

BASE_DIR = Path(__file__).resolve().parent.parent
logger = logging.getLogger("marketplace")


def env_bool(name: str, default: bool) -> bool:
    """Read a 0/1 (or true/false) flag from the environment."""
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Core -------------------------------------------------------------------------
DEBUG = env_bool("DJANGO_DEBUG", True)
MIN_SECRET_LENGTH = 50
_DEV_SECRET = "dev-insecure-key-change-me"  # noqa: S105 - development default only
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = _DEV_SECRET
elif not DEBUG and (SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < MIN_SECRET_LENGTH):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY must be a real secret of 50+ characters.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1],testserver")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # Django's admin with the exchange's site (header, market dashboard) as admin.site.
    "marketplace.backoffice.admin_site.MarketplaceAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "marketplace.core",
    "marketplace.organizations",
    "catalog",
    "orders",
    "orders.settlement",
    "orders.notifications",
    "orders.claims",
    "marketplace.rfqs",
    "marketplace.pools",
    "marketplace.custom",
    "marketplace.insights",
    "marketplace.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "marketplace.core.middleware.UserLanguageMiddleware",
    "marketplace.core.middleware.ReplicaPinMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "marketplace.core.middleware.ApiNotFoundMiddleware",
]

ROOT_URLCONF = "marketplace.urls"
WSGI_APPLICATION = "marketplace.wsgi.application"
AUTH_USER_MODEL = "organizations.User"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "marketplace" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            # The back office is not an app of its own (its AdminConfig stands in for django.contrib.admin).
            "libraries": {"dashboard_format": "marketplace.backoffice.templatetags.dashboard_format"},
        },
    },
]

# --- Database -----------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
# Behind PgBouncer in transaction mode a server connection changes hands between transactions:
# no server-side cursors (they live across statements), no session state (the code uses none;
# the import's `SET LOCAL` is scoped to its transaction).
DATABASE_POOLER = os.environ.get("DATABASE_POOLER", "").strip().lower()
if DATABASE_POOLER not in {"", "pgbouncer"}:
    raise ImproperlyConfigured("DATABASE_POOLER must be empty or 'pgbouncer'.")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
    if DATABASE_POOLER == "pgbouncer":
        DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
# Read replicas (PostgreSQL streaming standbys): aliases replica_0, replica_1, ... Only the reads
# wrapped in `marketplace.core.routing.replica_reads` go there (marketplace.core.routing).
DATABASE_REPLICA_URLS = env_list("DATABASE_REPLICA_URLS", "")
MARKETPLACE_REPLICA_ALIASES: list[str] = []
for _index, _url in enumerate(DATABASE_REPLICA_URLS if DATABASE_URL else []):
    _alias = f"replica_{_index}"
    DATABASES[_alias] = dj_database_url.parse(_url, conn_max_age=60, conn_health_checks=True)
    # A replica that is down must be given up on quickly: the router then reads from the primary.
    DATABASES[_alias].setdefault("OPTIONS", {})["connect_timeout"] = 2
    # The ordinary test suite runs with the replicas as mirrors of the test database.
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    if DATABASE_POOLER == "pgbouncer":
        DATABASES[_alias]["DISABLE_SERVER_SIDE_CURSORS"] = True
    MARKETPLACE_REPLICA_ALIASES.append(_alias)
DATABASE_ROUTERS = ["marketplace.core.routing.ReplicaRouter"]
MARKETPLACE_REPLICA_MAX_LAG_SECONDS = float(os.environ.get("MARKETPLACE_REPLICA_MAX_LAG_SECONDS", "10"))
MARKETPLACE_REPLICA_PIN_SECONDS = float(os.environ.get("MARKETPLACE_REPLICA_PIN_SECONDS", "5"))
# How long a replica's health (up, lag) is remembered by each process before it is asked again.
MARKETPLACE_REPLICA_CHECK_SECONDS = float(os.environ.get("MARKETPLACE_REPLICA_CHECK_SECONDS", "3"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Covering indexes (INCLUDE) serve the PostgreSQL matcher; SQLite builds them without the extra columns.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

# --- Cache, broker, Celery ----------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several deployments (or a test server beside the test run) may share one Redis
            # database; the prefix keeps their throttle counters and cached values apart.
            "KEY_PREFIX": os.environ.get("DJANGO_CACHE_KEY_PREFIX", ""),
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# CELERY_BROKER_URL (amqp:// for RabbitMQ) overrides REDIS_URL for the broker; the cache stays on Redis.
# The embedded default's in-memory transport is named with a host, so kombu has none to guess (and warn about).
EMBEDDED_BROKER = "memory://localhost/"
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL", "") or REDIS_URL or EMBEDDED_BROKER
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = CELERY_BROKER_URL == EMBEDDED_BROKER
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
# A task is acknowledged only when it finishes, and re-queued if its worker dies.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 300)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 360)
# Queues (quorum queues on RabbitMQ), exchange types and transport options per broker.
_broker = broker_conf(
    CELERY_BROKER_URL,
    visibility_timeout=env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    restore_interval=env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    restore_throttle=env_int("CELERY_UNACKED_RESTORE_THROTTLE", 10),
)
CELERY_BROKER_TRANSPORT_OPTIONS = _broker["broker_transport_options"]
CELERY_TASK_DEFAULT_EXCHANGE_TYPE = _broker["task_default_exchange_type"]
CELERY_TASK_DEFAULT_QUEUE_TYPE = _broker["task_default_queue_type"]
CELERY_WORKER_DETECT_QUORUM_QUEUES = _broker["worker_detect_quorum_queues"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A worker keeps reconnecting through a broker outage instead of exiting after a few tries.
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
# Publishing from a web request gives up within about a second; the outbox and the sweeps send later.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
# With acks_late a task still running when the broker connection drops is redelivered; cancel it
# rather than let two copies run (every task is idempotent, but this avoids the duplicate work).
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT = env_int("CELERY_WORKER_SOFT_SHUTDOWN_TIMEOUT", 30)
CELERY_WORKER_ENABLE_SOFT_SHUTDOWN_ON_IDLE = True
CELERY_TASK_IGNORE_RESULT = True
# Notifications (e-mail, webhooks) have their own queue, so a burst of them never delays
# settlement. Both queues are declared, so a plain `celery -A marketplace worker` consumes
# every queue; a dedicated notifier (`-Q notifications`) remains possible (docker-compose).
CELERY_TASK_DEFAULT_QUEUE = "celery"
CELERY_TASK_QUEUES = _broker["task_queues"]
CELERY_TASK_ROUTES = {"orders.notifications.tasks.*": {"queue": "notifications"}}
CELERY_IMPORT_TIMEOUT = 5
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {"task": "orders.notifications.tasks.outbox_sweep", "schedule": timedelta(seconds=30)},
    "webhook-retries": {
        "task": "orders.notifications.tasks.webhook_deliveries_retry_due",
        "schedule": timedelta(seconds=30),
    },
    "listing-imports-sweep": {"task": "catalog.tasks.listing_imports_sweep", "schedule": timedelta(minutes=1)},
    "settlement-sweep": {"task": "orders.settlement.tasks.settlements_sweep", "schedule": timedelta(minutes=1)},
    "payouts-release-sweep": {"task": "orders.settlement.tasks.payouts_release_due", "schedule": timedelta(minutes=1)},
    "claims-escalate-overdue": {
        "task": "orders.claims.tasks.claims_escalate_overdue",
        "schedule": timedelta(minutes=5),
    },
    "orders-cancel-unconfirmed": {
        "task": "orders.tasks.orders_cancel_unconfirmed",
        "schedule": timedelta(minutes=10),
    },
    "orders-auto-deliver": {"task": "orders.tasks.orders_auto_deliver", "schedule": timedelta(hours=1)},
    "rfqs-close-expired": {"task": "marketplace.rfqs.tasks.rfqs_close_expired", "schedule": timedelta(minutes=5)},
    # Supplier scorecards: the changed suppliers soon after their events, everyone nightly (the window moves).
    "scorecards-refresh": {"task": "marketplace.insights.tasks.scorecards_refresh", "schedule": timedelta(minutes=2)},
    "scorecards-recompute-all": {
        "task": "marketplace.insights.tasks.scorecards_recompute_all",
        "schedule": crontab(hour=2, minute=30),
    },
    "price-index-nightly": {
        "task": "marketplace.insights.tasks.price_index_nightly",
        "schedule": crontab(hour=1, minute=5),
    },
    "listings-stale-remind": {
        "task": "marketplace.insights.tasks.listings_stale_remind",
        "schedule": crontab(day_of_week="mon", hour=8, minute=0),
    },
    # Pools close within 30 s of closes_at: a task queued for that time, and this sweep for any it missed.
    "pools-close-due": {"task": "marketplace.pools.tasks.pools_close_due", "schedule": timedelta(seconds=15)},
    "custom-requests-close-expired": {
        "task": "marketplace.custom.tasks.custom_requests_close_expired",
        "schedule": timedelta(minutes=1),
    },
    "idempotency-keys-purge": {
        "task": "marketplace.core.tasks.idempotency_keys_purge",
        "schedule": crontab(hour=3, minute=17),
    },
}

# --- Auth, API ----------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["marketplace.core.authentication.TokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_METADATA_CLASS": "marketplace.core.metadata.Metadata",
    "DEFAULT_PARSER_CLASSES": ["marketplace.core.parsers.StrictJSONParser"],
    "DEFAULT_PAGINATION_CLASS": "marketplace.core.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "marketplace.core.schema.AutoSchema",
    "EXCEPTION_HANDLER": "marketplace.core.exceptions.exception_handler",
    "DEFAULT_THROTTLE_RATES": {
        "auth": os.environ.get("MARKETPLACE_THROTTLE_AUTH", "20/min"),
        "search": os.environ.get("MARKETPLACE_THROTTLE_SEARCH", "600/min"),
        "matching": os.environ.get("MARKETPLACE_THROTTLE_MATCHING", "120/min"),
        "import": os.environ.get("MARKETPLACE_THROTTLE_IMPORT", "30/hour"),
    },
    "NUM_PROXIES": env_int("DJANGO_NUM_PROXIES", 0) or None,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Yandian Bearing Exchange API",
    "DESCRIPTION": "B2B marketplace for rolling bearings: catalog, RFQs, matching, quotes, orders.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "marketplace.core.schema.partial_updates_without_defaults",
    ],
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "RfqStatusEnum": "marketplace.rfqs.choices.RfqStatus",
        "QuoteStatusEnum": "marketplace.rfqs.choices.QuoteStatus",
        "WebhookDeliveryStatusEnum": "orders.notifications.models.WebhookDelivery.Status",
        "ListingImportStatusEnum": "catalog.models.ListingImport.Status",
        "OrderStatusEnum": "orders.choices.OrderStatus",
        "OrganizationKindEnum": "marketplace.organizations.choices.OrganizationKind",
        "PoolStatusEnum": "marketplace.pools.choices.PoolStatus",
        "PoolItemKindEnum": "marketplace.pools.choices.PoolItemKind",
        "PoolUnitEnum": "marketplace.pools.choices.PoolUnit",
        "CommitmentStatusEnum": "marketplace.pools.choices.CommitmentStatus",
        "SupplierStandingEnum": "marketplace.organizations.choices.SupplierStanding",
        "ClaimStatusEnum": "orders.claims.choices.ClaimStatus",
        "ClaimKindEnum": "orders.claims.choices.ClaimKind",
        "CustomQuoteStatusEnum": "marketplace.custom.choices.CustomQuoteStatus",
        "DrawingKindEnum": "marketplace.custom.choices.DrawingKind",
        "AuthorizationStatusEnum": "catalog.choices.AuthorizationStatus",
        "PayoutStatusEnum": "orders.settlement.choices.PayoutStatus",
        "OrganizationStatusEnum": "marketplace.organizations.choices.OrganizationStatus",
    },
    # Swagger UI served by the project itself (no CDN).
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Request bodies: JSON capped at 2 MiB (1,000 listings fit); uploads at 50 MiB.
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("MARKETPLACE_MAX_BODY_BYTES", 2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# An oversized upload is refused (413) from its Content-Length before it is written to disk.
FILE_UPLOAD_HANDLERS = [
    "marketplace.core.uploads.UploadSizeLimitHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
MARKETPLACE_MAX_UPLOAD_BYTES = env_int("MARKETPLACE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024)
# Spreadsheet imports: rows per file, and the uncompressed size an XLSX may unpack to (zip bombs).
MARKETPLACE_IMPORT_MAX_ROWS = env_int("MARKETPLACE_IMPORT_MAX_ROWS", 2_000_000)
# An import that wrote at least this many listings VACUUM ANALYZEs the listing tables when done.
MARKETPLACE_IMPORT_VACUUM_ROWS = env_int("MARKETPLACE_IMPORT_VACUUM_ROWS", 50_000)
# A running import whose worker has not written its heartbeat for this long is taken over by the sweep.
MARKETPLACE_IMPORT_STALE_SECONDS = env_int("MARKETPLACE_IMPORT_STALE_SECONDS", 300)
MARKETPLACE_IMPORT_MAX_UNCOMPRESSED_BYTES = env_int("MARKETPLACE_IMPORT_MAX_UNCOMPRESSED_BYTES", 512 * 1024 * 1024)
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media")))

# --- Marketplace rules --------------------------------------------------------------
MARKETPLACE_COMMISSION_RATE = Decimal(os.environ.get("MARKETPLACE_COMMISSION_RATE", "0.015"))
MARKETPLACE_WEBHOOK_ALLOW_PRIVATE = env_bool("MARKETPLACE_WEBHOOK_ALLOW_PRIVATE", False)
MARKETPLACE_ORDER_CONFIRM_HOURS = env_int("MARKETPLACE_ORDER_CONFIRM_HOURS", 48)
MARKETPLACE_AUTO_DELIVER_DAYS = env_int("MARKETPLACE_AUTO_DELIVER_DAYS", 14)
MARKETPLACE_RFQ_DEFAULT_DEADLINE_HOURS = env_int("MARKETPLACE_RFQ_DEFAULT_DEADLINE_HOURS", 72)
# The award plan's solver stops here; a plan not proven optimal by then is answered as `feasible`.
MARKETPLACE_AWARD_PLAN_TIME_LIMIT_SECONDS = float(os.environ.get("MARKETPLACE_AWARD_PLAN_TIME_LIMIT_SECONDS", "10"))
MARKETPLACE_IDEMPOTENCY_TTL_HOURS = 24
# Stock freshness: a listing's stock confirmed within FRESH days is fresh, within STALE days aging, else
# stale (a stale listing never counts as covering an RFQ line's quantity).
MARKETPLACE_STOCK_FRESH_DAYS = env_int("MARKETPLACE_STOCK_FRESH_DAYS", 3)
MARKETPLACE_STOCK_STALE_DAYS = env_int("MARKETPLACE_STOCK_STALE_DAYS", 14)
# A pool's closing task is queued once its close is this near (kept below CELERY_VISIBILITY_TIMEOUT,
# so the broker never hands the waiting ETA message out twice); the 15 s sweep covers the rest.
MARKETPLACE_POOL_CLOSE_ETA_HORIZON_SECONDS = env_int("MARKETPLACE_POOL_CLOSE_ETA_HORIZON_SECONDS", 1800)
# Escrow: a payout is held this long after delivery (claims may be filed until then); a supplier
# answers a claim within the response time or it is escalated to staff. Decimal hours allowed.
MARKETPLACE_CLAIM_WINDOW_HOURS = Decimal(os.environ.get("MARKETPLACE_CLAIM_WINDOW_HOURS", "168"))
MARKETPLACE_CLAIM_RESPONSE_HOURS = Decimal(os.environ.get("MARKETPLACE_CLAIM_RESPONSE_HOURS", "72"))
# Claim evidence (JPEG, PNG, PDF) larger than this is refused with 413.
MARKETPLACE_CLAIM_EVIDENCE_MAX_BYTES = env_int("MARKETPLACE_CLAIM_EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)

# --- E-mail -------------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH", str(BASE_DIR / "var" / "mail"))
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Yandian Bearing Exchange <noreply@yandian.example>")

# --- Languages and time -------------------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Our zh_Hans number formats (thousands separators) ahead of Django's.
FORMAT_MODULE_PATH = ["marketplace.formats"]
USE_I18N = True
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True

# --- Static files -------------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = os.environ.get("DJANGO_STATIC_ROOT") or BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- Security (production) ----------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("DJANGO_SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("DJANGO_SECURE_HSTS_PRELOAD", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}, "celery.app.trace": {"level": "WARNING"}},
}
