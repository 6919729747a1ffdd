from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "careforce.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        from careforce.workforce.models import Worker

        from .models import participant_worker_grant

        # A trainer sees the participants of her sessions in the registry (name, organisation), never
        # their cases: the case policy has no trainer rule.
        Worker.access_policy.add_grant(participant_worker_grant)
