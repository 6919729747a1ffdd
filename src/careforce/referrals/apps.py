from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "careforce.referrals"
    label = "referrals"
    verbose_name = _("Services and referrals")

    def ready(self) -> None:
        from careforce.cases.sections import register_section

        from . import grants, panels  # noqa: F401  (receivers see referrals; home panel)
        from .selectors import case_section

        register_section("referrals/_case_section.html", case_section, order=50)
