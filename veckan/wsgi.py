import os

from django.core.wsgi import get_wsgi_application

from veckan.lib.failclosed import refuse_without_secret_key

# A production server fails closed: no SECRET_KEY, no start (runserver never loads this module).
refuse_without_secret_key()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veckan.settings")
application = get_wsgi_application()

# Each worker reads the program before it takes its first request (see warm_current_program).
from veckan.program.filters import warm_current_program  # noqa: E402 (needs the app set up)

warm_current_program()
