from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "careforce.cases"
    label = "cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        from . import grants, panels  # noqa: F401  (people seen through their cases; home panel)
