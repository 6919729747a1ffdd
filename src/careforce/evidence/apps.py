from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "careforce.evidence"
    label = "evidence"
    verbose_name = _("Evidence")

    def ready(self) -> None:
        from careforce.workforce.tabs import add_tab

        from . import panels  # noqa: F401  (home panel)
        from .staffing import may_view

        add_tab("staffing", "evidence:staffing-list", _("Staffing need (WISN)"), may_view, 45)
