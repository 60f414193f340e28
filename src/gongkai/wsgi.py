import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gongkai.settings")
django_application = get_wsgi_application()

from gongkai.lib.pagefront import PageFront  # noqa: E402 (after Django is set up)

# Cached portal pages are answered before Django's middleware (gongkai.lib.pagefront); the rest by Django.
application = PageFront(django_application)
