"""Production settings: the defaults plus HTTPS everywhere.

Use with ``DJANGO_SETTINGS_MODULE=planaccion.settings_production``. ``SECRET_KEY`` and
``ALLOWED_HOSTS`` must come from the environment, and ``python manage.py check --deploy`` reports
nothing with these settings (``make test`` runs it). TLS may end at a proxy in front of gunicorn:
the proxy must set ``X-Forwarded-Proto: https`` and strip it from clients' requests.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from planaccion.settings import *  # noqa: F403
from planaccion.settings import env_bool, env_int

if not os.environ.get("SECRET_KEY"):
    raise ImproperlyConfigured("SECRET_KEY must be set in the environment in production.")
if not os.environ.get("ALLOWED_HOSTS"):
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the site's host names in production.")

DEBUG = False
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 60 * 60)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Off only where there is no HTTPS at all: the local cluster on loopback (bin/cluster).
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
