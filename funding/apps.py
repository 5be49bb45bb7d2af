from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "funding"
    verbose_name = _("Kompetencefond co-financing")

    def ready(self):
        # Models exist only once apps are ready, hence the imports here.
        from employees import sections
        from employees.audit import track
        from funding import selectors
        from funding.models import (
            Agreement,
            FundApplication,
            FundApplicationLine,
            FundRule,
            FundSignature,
        )
        from funding.views import pages

        track(FundRule)
        track(Agreement)
        track(FundApplication, subject=first_participant, exclude_fields=["updated_at"])
        track(FundApplicationLine)
        # The signer's name stays in the signature; the trail names the signer
        # by user id, which retention cannot leave readable otherwise.
        track(FundSignature, subject=signature_subject, exclude_fields=["name"])
        sections.register(
            sections.EMPLOYEE_PAGE, "funding", pages.applications_section, order=25
        )
        sections.register_todo("fund_signatures", selectors.to_sign_count)
        _menu(sections)


def first_participant(application):
    """The employee an application's audit entries are filed under: its first
    participant (while it is being created, before its lines exist, the one
    the service names)."""
    line = (
        application.lines.select_related("employee__department").order_by("pk").first()
    )
    if line is not None:
        return line.employee
    participants = getattr(application, "participants_for_audit", None)
    return participants[0] if participants else None


def signature_subject(signature):
    return signature.employee or first_participant(signature.application)


def _menu(sections) -> None:
    # An employee's own applications are on their page (the section above).
    sections.register_menu_item(
        "funding_to_sign",
        _("To sign"),
        "funding_to_sign",
        order=60,
        visible=lambda request, access: (
            access is not None and (access.is_manager or access.is_union_rep)
        ),
        count="fund_signatures",
    )
    sections.register_menu_item(
        "funding_list",
        _("Kompetencefond"),
        "funding_list",
        order=61,
        visible=lambda request, access: access is not None and access.is_lead,
    )
