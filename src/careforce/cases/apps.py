from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "careforce.cases"
    label = "cases"
    verbose_name = _("Case management")

    def ready(self) -> None:
        from careforce.workforce.tabs import add_tab

        from . import grants, panels  # noqa: F401  (people seen through their cases; home panel)
        from .views import support as _support  # noqa: F401  (the family support section of the case page)
        from .views.caseloads import CASELOAD_ROLES

        add_tab("caseloads", "cases:caseloads", _("Caseloads"), lambda u: u.role in CASELOAD_ROLES, 30)
