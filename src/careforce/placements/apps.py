from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "careforce.placements"
    label = "placements"
    verbose_name = _("Care settings and reintegration")

    def ready(self) -> None:
        from careforce.cases.sections import register_section
        from careforce.people.sections import register_section as register_person_section

        from . import sections

        register_person_section("placements/_person_section.html", sections.person_context, order=40)
        register_section("placements/_case_section.html", sections.case_context, order=60)

        from careforce.core import access
        from careforce.workforce.tabs import add_tab

        from .selectors import REINTEGRATION_ROLES

        def aggregates(user) -> bool:
            return access.aggregate_root(user) is not None

        add_tab("institutions", "placements:institution-list", _("Residential institutions"), aggregates, 10,
                group="care")
        add_tab("reintegrations", "placements:reintegration-list", _("Reintegrations"),
                lambda u: u.role in REINTEGRATION_ROLES, 20, group="care")
        add_tab("outcomes", "placements:outcomes", _("Outcomes"), aggregates, 30, group="care")
