from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompetencesConfig(AppConfig):
    name = "competences"
    verbose_name = _("Competences")

    def ready(self):
        # Models exist only once apps are ready, hence the imports here.
        from competences.models import Assessment
        from competences.views import pages
        from employees import sections
        from employees.audit import track

        track(Assessment, mask_fields=["note"])
        _keep_the_snapshot_exact()
        sections.register(
            sections.EMPLOYEE_PAGE, "levels", pages.levels_section, order=10
        )
        sections.register(
            sections.EMPLOYEE_PAGE, "history", pages.history_section, order=30
        )
        sections.register_menu_item(
            "team",
            _("Team"),
            "team",
            order=32,
            visible=lambda request, access: access is not None and access.is_lead,
        )
        sections.register_menu_item(
            "roles",
            _("Job roles"),
            "role_list",
            order=50,
            visible=lambda request, access: access is not None and access.is_hr,
        )


def _keep_the_snapshot_exact() -> None:
    """The writes past ``competences.levels`` that change a person's overall
    level or where they are counted: a role, a department, being active (the
    employee events, a deleted role or person), a role's profile. Levels
    themselves forget in ``levels.current``."""
    from django.db.models.signals import post_delete, post_save, pre_delete

    from competences.models import RoleCompetence
    from employees import events
    from employees.models import Employee, JobRole

    events.employee_created.subscribe(_person_changed)
    events.employee_updated.subscribe(_person_changed)
    events.employees_imported.subscribe(_imported)
    for signal in (post_save, post_delete):
        signal.connect(
            _profile_changed,
            sender=RoleCompetence,
            dispatch_uid=f"snapshot-profile-{signal}",
        )
    pre_delete.connect(_role_deleted, sender=JobRole, dispatch_uid="snapshot-role")
    pre_delete.connect(
        _person_deleted, sender=Employee, dispatch_uid="snapshot-employee"
    )


# The employee fields the stored figures depend on.
COUNTED = {"job_role", "department", "is_active"}


def _person_changed(*, employee, changed=None, **_payload) -> None:
    """A new person joins their department's totals; a changed one may leave
    them."""
    from competences.levels import snapshot

    if changed is None or COUNTED & set(changed):
        snapshot.forget([employee.pk])


def _imported(*, created=(), updated=(), deactivated=(), **_payload) -> None:
    from competences.levels import snapshot

    snapshot.forget([*(created or ()), *(updated or ()), *(deactivated or ())])


def _profile_changed(*, instance, **_signal) -> None:
    """A role's profile row saved or deleted (the admin's inline, a delete)."""
    from competences.levels import snapshot

    snapshot.forget_role(instance.role_id)


def _role_deleted(*, instance, **_signal) -> None:
    """Before its holders' role is set empty (no event says so)."""
    from competences.levels import snapshot

    snapshot.forget_role(instance.pk)


def _person_deleted(*, instance, **_signal) -> None:
    from competences.levels import snapshot

    snapshot.forget([instance.pk])
