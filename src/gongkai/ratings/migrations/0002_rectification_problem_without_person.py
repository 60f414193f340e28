"""A 差评's rectification item published its service's tracking code and the rater's comment as its
problem (整改公开): the tracking code opens the person's own tracking page, and a comment may name them. Each
such problem becomes the wording ``do_rectify_rating`` now gives by default: the service and the level."""

from django.db import migrations
from django.utils import translation


def reword(apps, schema_editor):  # type: ignore[no-untyped-def]
    Rating = apps.get_model("ratings", "Rating")
    with translation.override("zh-hans"):
        for rating in Rating.objects.filter(rectification__isnull=False).select_related("rectification"):
            item = rating.rectification
            if rating.service_code in item.problem:
                item.problem = f"{rating.get_service_kind_display()}：{rating.get_level_display()}。"
                item.save(update_fields=["problem"])


class Migration(migrations.Migration):
    dependencies = [("ratings", "0001_ratings"), ("rectifications", "0001_rectifications")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
