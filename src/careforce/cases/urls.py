from django.urls import path

from .views import assessment, case, caseloads, pdf, plan, tray
from .views import support as support_views

app_name = "cases"

urlpatterns = [
    path("", tray.work_tray, name="tray"),
    path("open/", case.case_open, name="case-open"),
    path("standards/", tray.standards, name="standards"),
    path("caseloads/", caseloads.caseloads, name="caseloads"),
    path("support/totals/", support_views.support_totals_page, name="support-totals"),
    path("<int:pk>/", case.case_detail, name="case-detail"),
    path("<int:pk>/support/", support_views.case_support, name="case-support"),
    path("<int:pk>/summary.pdf", pdf.case_summary_pdf, name="case-summary-pdf"),
    path("<int:pk>/plans/<int:plan_pk>/plan.pdf", pdf.plan_pdf, name="plan-pdf"),
    path("<int:pk>/concerns/add/", case.concern_add, name="concern-add"),
    path("<int:pk>/risk/", case.risk_change, name="risk-change"),
    path("<int:pk>/transfer/", case.transfer, name="transfer"),
    path("<int:pk>/closure/", case.closure_request, name="closure-request"),
    path("<int:pk>/closure/decision/", case.closure_decision, name="closure-decision"),
    path("<int:pk>/reopen/", case.reopen, name="reopen"),
    path("<int:pk>/contacts/add/", case.contact_add, name="contact-add"),
    path("<int:pk>/tasks/add/", case.task_add, name="task-add"),
    path("<int:pk>/tasks/<int:task_pk>/done/", case.task_done, name="task-done"),
    path("<int:pk>/assessments/start/", assessment.assessment_start, name="assessment-start"),
    path("<int:pk>/assessments/<int:assessment_pk>/", assessment.assessment_detail, name="assessment"),
    path(
        "<int:pk>/assessments/<int:assessment_pk>/complete/",
        assessment.assessment_complete,
        name="assessment-complete",
    ),
    path("<int:pk>/plans/new/", plan.plan_new, name="plan-new"),
    path("<int:pk>/plans/<int:plan_pk>/", plan.plan_detail, name="plan"),
    path("<int:pk>/plans/<int:plan_pk>/goals/add/", plan.goal_add, name="goal-add"),
    path("<int:pk>/plans/<int:plan_pk>/goals/<int:goal_pk>/actions/add/", plan.action_add, name="action-add"),
    path("<int:pk>/plans/<int:plan_pk>/actions/<int:action_pk>/done/", plan.action_done, name="action-done"),
    path("<int:pk>/plans/<int:plan_pk>/submit/", plan.plan_submit, name="plan-submit"),
    path("<int:pk>/plans/<int:plan_pk>/decision/", plan.plan_decision, name="plan-decision"),
]
