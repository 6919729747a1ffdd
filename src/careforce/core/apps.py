from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "careforce.core"
    label = "core"
    verbose_name = _("Places, organisations and people who use Careforce")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (sign-in audit)


class CareforceAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "careforce.core.admin_site.CareforceAdminSite"
