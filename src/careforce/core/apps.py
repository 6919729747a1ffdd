from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "careforce.core"
    label = "core"
    verbose_name = _("Places, organisations and people who use Careforce")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-in audit)
