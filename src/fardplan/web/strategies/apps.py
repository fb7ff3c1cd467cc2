from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategiesConfig(AppConfig):
    name = "fardplan.web.strategies"
    label = "strategies"
    verbose_name = _("Strategies")
