from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from careforce.core.models import Organisation, User

from . import selectors
from .models import CaseStatus, CaseType, ContactKind, ReporterKind, RiskLevel
from .models.case import ClosureOutcome, ClosureReason

DATE = forms.DateInput(attrs={"type": "date"})


class TrayFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All open")), *[c for c in CaseStatus.choices if c[0] != CaseStatus.CLOSED]],
    )
    risk = forms.ChoiceField(
        label=_("Risk"), required=False, choices=[("", _("Any risk")), *RiskLevel.choices]
    )


class WorkerChoiceField(forms.ModelChoiceField):
    """A worker shown with her open cases against the standard, so that work goes where there is room.

    The queryset comes from `workers_for`, annotated in the same query (selectors.caseload_of).
    """

    def label_from_instance(self, obj) -> str:
        open_cases = getattr(obj, "open_cases", None)
        if open_cases is None:
            return str(obj)
        standard = getattr(obj, "caseload_standard", None)
        if standard:
            return ngettext(
                "%(name)s — %(open)d / %(standard)d open case",
                "%(name)s — %(open)d / %(standard)d open cases",
                standard,
            ) % {"name": obj, "open": open_cases, "standard": standard}
        return ngettext("%(name)s — %(open)d open case", "%(name)s — %(open)d open cases", open_cases) % {
            "name": obj,
            "open": open_cases,
        }


class CaseOpenForm(forms.Form):
    risk_level = forms.ChoiceField(
        label=_("Risk level after screening"), choices=RiskLevel.choices, widget=forms.RadioSelect
    )
    case_type = forms.ChoiceField(label=_("Type of case"), choices=CaseType.choices)
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE, initial=timezone.localdate)
    reporter_kind = forms.ChoiceField(label=_("Reported by"), choices=ReporterKind.choices)
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=120)
    reporter_contact = forms.CharField(label=_("Reporter's contact"), required=False, max_length=120)
    description = forms.CharField(label=_("What was reported"), widget=forms.Textarea(attrs={"rows": 4}))
    case_manager = WorkerChoiceField(
        label=_("Case manager"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Leave empty to manage the case yourself."),
    )

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if workers is None:
            del self.fields["case_manager"]
        else:
            self.fields["case_manager"].queryset = workers


class ConcernForm(forms.Form):
    reported_on = forms.DateField(label=_("Reported on"), widget=DATE, initial=timezone.localdate)
    reporter_kind = forms.ChoiceField(label=_("Reported by"), choices=ReporterKind.choices)
    reporter_name = forms.CharField(label=_("Reporter's name"), required=False, max_length=120)
    reporter_contact = forms.CharField(label=_("Reporter's contact"), required=False, max_length=120)
    description = forms.CharField(label=_("What was reported"), widget=forms.Textarea(attrs={"rows": 4}))


class RiskForm(forms.Form):
    risk_level = forms.ChoiceField(label=_("New risk level"), choices=RiskLevel.choices)
    reason = forms.CharField(label=_("Why"), max_length=250)


class TransferForm(forms.Form):
    to_user = WorkerChoiceField(label=_("Transfer to"), queryset=User.objects.none())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, workers=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = workers if workers is not None else User.objects.none()


class ClosureForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closure"), choices=ClosureReason.choices)
    outcome = forms.ChoiceField(label=_("Where the child lives now"), choices=ClosureOutcome.choices)
    summary = forms.CharField(label=_("Closure summary"), widget=forms.Textarea(attrs={"rows": 3}))


class CommentForm(forms.Form):
    comment = forms.CharField(label=_("Comments"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=250)


class ContactForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ContactKind.choices)
    on = forms.DateField(label=_("Date"), widget=DATE, initial=timezone.localdate)
    child_seen = forms.BooleanField(label=_("The child was seen"), required=False, initial=True)
    notes = forms.CharField(label=_("What you saw and agreed"), widget=forms.Textarea(attrs={"rows": 4}))


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Task"), max_length=200)
    due_on = forms.DateField(label=_("Due"), widget=DATE)


class AssessmentStartForm(forms.Form):
    kind = forms.ChoiceField(label=_("Assessment"), choices=[])
    started_on = forms.DateField(label=_("Started on"), widget=DATE, initial=timezone.localdate)

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = list(kinds)


class AssessmentTextForm(forms.Form):
    started_on = forms.DateField(label=_("Started on"), widget=DATE)
    immediate_safety_concern = forms.BooleanField(label=_("The child is not safe now"), required=False)
    needs_protection = forms.BooleanField(label=_("The child needs protection or support"), required=False)
    strengths = forms.CharField(
        label=_("Strengths"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    needs = forms.CharField(
        label=_("Needs and risks"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    narrative = forms.CharField(
        label=_("Assessment narrative"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )


class CompleteForm(forms.Form):
    completed_on = forms.DateField(label=_("Completed on"), widget=DATE, initial=timezone.localdate)


class PlanViewsForm(forms.Form):
    child_view = forms.CharField(
        label=_("The child's view"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("In the child's own words, when she is of an age to give one."),
    )
    child_view_not_obtained = forms.CharField(
        label=_("Why the child's view is not recorded"),
        required=False,
        max_length=250,
        help_text=_("Only when the child is too young or unable to give a view."),
    )
    parents_view = forms.CharField(
        label=_("The parents' or caregivers' view"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    safety_notes = forms.CharField(
        label=_("Safety arrangements"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class GoalForm(forms.Form):
    text = forms.CharField(label=_("New goal"), max_length=300)


class ActionForm(forms.Form):
    text = forms.CharField(label=_("Action"), max_length=300)
    due_on = forms.DateField(label=_("Deadline"), widget=DATE)
    responsible_organisation = forms.ModelChoiceField(
        label=_("Responsible institution"), required=False, queryset=Organisation.objects.none()
    )
    responsible_other = forms.CharField(
        label=_("Or responsible person"),
        required=False,
        max_length=120,
        help_text=_("e.g. the mother, the case manager"),
    )

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        if organisations is not None:
            self.fields["responsible_organisation"].queryset = organisations


class DoneForm(forms.Form):
    done_on = forms.DateField(label=_("Done on"), widget=DATE, initial=timezone.localdate)


def workers_for(user: User):
    """Who a case can be given to: case holders the user may see, each with her caseload (one query)."""
    return selectors.caseload_of(
        selectors.caseload_workers(user).select_related("organisation").order_by("last_name", "first_name")
    )
