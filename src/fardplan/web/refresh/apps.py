from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefreshConfig(AppConfig):
    name = "fardplan.web.refresh"
    label = "refresh"
    verbose_name = _("Scheduled refresh")
