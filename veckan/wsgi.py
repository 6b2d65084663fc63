import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "veckan.settings")
application = get_wsgi_application()

# Each worker reads the program before it takes its first request (see warm_current_program).
from veckan.program.filters import warm_current_program  # noqa: E402 (needs the app set up)

warm_current_program()
