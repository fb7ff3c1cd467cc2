from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "fardplan.web.decisions"
    label = "decisions"
    verbose_name = _("Decisions")

    def ready(self) -> None:
        # A strategy's history shows the adoption changes its decisions caused.
        from fardplan.web.decisions import adoption_history
        from fardplan.web.strategies import history

        history.register_format(
            adoption_history.ADOPTION_PREFIX,
            history.FieldFormat(adoption_history.history_label, adoption_history.history_value),
        )
