from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    name = "fardplan.web.site"
    label = "site"
    verbose_name = _("Site")

    def ready(self) -> None:
        # The admin's forms take free text too: give each the checks the pages have. This app
        # comes before the admin (its templates win), so the admin's modules are discovered
        # here first; the admin's own discovery later finds them imported already.
        from django.contrib import admin

        from fardplan.web.site.free_text import with_free_text

        admin.autodiscover()
        for model_admin in admin.site._registry.values():
            model_admin.form = with_free_text(model_admin.form)
            if hasattr(model_admin, "add_form"):  # the user admin's form for a new user
                model_admin.add_form = with_free_text(model_admin.add_form)
            for inline in model_admin.inlines:
                inline.form = with_free_text(inline.form)
