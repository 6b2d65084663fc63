"""Refusing to serve with the public development key."""

import os

from django.core.exceptions import ImproperlyConfigured


def refuse_without_secret_key(environ=os.environ) -> None:
    """A production server (gunicorn, any WSGI host) fails closed: no SECRET_KEY, no start.

    The settings fall back to a public development key and DEBUG so that `make run` needs no
    configuration; that is runserver, which never loads this module. A WSGI server that would
    otherwise serve with the public key (anyone could forge signed links) stops here, unless
    DEBUG is explicitly switched on.
    """
    debug = environ.get("DEBUG", "").strip().lower() in {"1", "true", "yes", "on"}
    if not environ.get("SECRET_KEY") and not debug:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. A production server will not start with the public "
            "development key; set SECRET_KEY (see .env.example), or DEBUG=1 for local use."
        )
