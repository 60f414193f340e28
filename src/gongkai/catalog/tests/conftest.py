"""Catalog test fixtures: the browser ones (``browser``, ``new_page``: Debian's chromium driven by
Playwright) and ``axe_script`` are the shared ones of ``gongkai/fixtures.py``."""
