"""Give every strategy item a stable key, unique within its strategy.

Existing items get a key made from their title (as :func:`strategies.keys.new_key` does; the
function is copied here so that this migration keeps working if the app's code changes),
in file order: section by section, each by position.
"""

import re

import django.core.validators
from django.db import migrations, models
from django.utils.text import slugify

SECTIONS = ["vision", "target_area", "prerequisite", "direction_change", "perspective"]
KEY_MAX_LENGTH = 60


def _new_key(title, taken):
    base = re.sub(r"[-_]+", "-", slugify(title))[: KEY_MAX_LENGTH - 5].strip("-") or "item"
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def give_keys(apps, schema_editor):
    StrategyItem = apps.get_model("strategies", "StrategyItem")
    taken = {}
    items = sorted(
        StrategyItem.objects.all(),
        key=lambda item: (item.strategy_id, SECTIONS.index(item.section), item.position),
    )
    for item in items:
        keys = taken.setdefault(item.strategy_id, set())
        item.key = _new_key(item.title, keys)
        keys.add(item.key)
        item.save(update_fields=["key"])


class Migration(migrations.Migration):
    dependencies = [("strategies", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="strategyitem",
            name="key",
            field=models.CharField(default="", max_length=60, verbose_name="key"),
            preserve_default=False,
        ),
        migrations.RunPython(give_keys, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="strategyitem",
            name="key",
            field=models.CharField(
                max_length=60,
                validators=[
                    django.core.validators.RegexValidator(
                        "^[a-z0-9]+(?:-[a-z0-9]+)*$",
                        "Use lower-case letters a–z, digits and single hyphens.",
                    )
                ],
                verbose_name="key",
            ),
        ),
        migrations.AddConstraint(
            model_name="strategyitem",
            constraint=models.UniqueConstraint(
                fields=("strategy", "key"), name="strategy_item_key_unique"
            ),
        ),
    ]
