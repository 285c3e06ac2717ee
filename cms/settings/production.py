"""Production: secrets and hosts from the environment, hardened HTTP, whitenoise."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

DEBUG = env_bool("DEBUG", False)
if not SECRET_KEY:
    raise ImproperlyConfigured("Define la variable de entorno SECRET_KEY.")

if not (os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL")):
    # Several gunicorn workers must share the page cache and its invalidation: without
    # Redis, a cache on disk that every process of this machine sees.
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / "var" / "cache")),
    }

# E-mails and reference-index updates wait in the database for `manage.py db_worker`,
# so a slow or stopped mail server never holds a request.
TASKS["default"]["BACKEND"] = TASK_BACKENDS[os.environ.get("TASKS_BACKEND", "database")]

# Documents on S3-compatible object storage when a bucket is named (pip extra "s3"): every
# app server then reads and writes the same files. Credentials come from the environment
# as boto3 reads them (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, or an instance role).
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }
    # Downloads keep going through the site (privacy and evidence rules, checksums), which
    # streams the file from the bucket, instead of Wagtail's default redirect to it.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
