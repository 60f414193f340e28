from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gongkai.lib import display


def site(request: HttpRequest) -> dict[str, Any]:
    """What the base layout shows on every page: the reader's display modes and the site's footer records."""
    return {
        "display_modes": display.modes(request.COOKIES),
        "site_footer": {
            "sponsor": settings.GONGKAI_SITE_SPONSOR,
            "site_code": settings.GONGKAI_SITE_CODE,
            "icp_record": settings.GONGKAI_ICP_RECORD,
            "public_security_record": settings.GONGKAI_PUBLIC_SECURITY_RECORD,
            "badge_image": settings.GONGKAI_GOV_BADGE_IMAGE,
            "badge_url": settings.GONGKAI_GOV_BADGE_URL,
        },
    }
