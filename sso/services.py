"""Signing a person in from a verified identity: match, create, link, grant.

The identity provider says who someone is; it never says what they may do.
Access comes from HR's grants, or from a group claim HR has mapped
(``GroupGrant``), and a mapped grant goes again when the group does.
"""

import logging
import uuid

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from employees import services as employee_services
from employees.models import AccessGrant, Employee
from sso.models import GroupGrant, MappedGrant
from sso.providers import Provider

log = logging.getLogger("kyndig.sso")

REASONS = {
    "no_provider": _(
        "Kyndig knows no sign-in for that e-mail address. Write your work e-mail "
        "address, or ask HR which sign-in to use."
    ),
    "no_claim": _(
        "Your identity provider did not send your e-mail address or employee number."
    ),
    "no_match": _(
        "No employee in Kyndig matches your sign-in. Ask HR to check "
        "your employee number and work e-mail."
    ),
    "several_matches": _(
        "Your sign-in matches more than one employee in Kyndig. "
        "Ask HR to correct the employee records."
    ),
    "inactive": _(
        "Your employment is not active in Kyndig, so you cannot sign "
        "in. Ask HR if this is wrong."
    ),
    "other_municipality": _(
        "You signed in through another municipality's "
        "identity provider than the one you are employed "
        "by. Use your own municipality's sign-in."
    ),
    "protocol": _(
        "The answer from your identity provider could not be "
        "verified, so you were not signed in. Please try again."
    ),
    "unavailable": _(
        "Your identity provider does not answer right now. Please "
        "try again in a few minutes."
    ),
}


class SignInRefused(Exception):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def refuse(reason: str, provider_key: str) -> SignInRefused:
    # The reason and provider only: never a name, e-mail or number (DESIGN §7).
    log.warning("sso sign-in refused: reason=%s provider=%s", reason, provider_key)
    return SignInRefused(reason)


def _claim(claims: dict, name: str) -> str:
    value = claims.get(name) if name else None
    return value.strip() if isinstance(value, str) else ""


def _candidates(provider: Provider, claims: dict):
    number = _claim(claims, provider.claim_employee_number)
    if number:
        return Employee.objects.filter(employee_number=number)
    email = _claim(claims, provider.claim_email)
    if email:
        return Employee.objects.filter(work_email__iexact=email)
    raise refuse("no_claim", provider.key)


def employee_match(*, provider: Provider, claims: dict) -> Employee:
    """Exactly one active employee of the provider's municipality, or refused."""
    rows = _candidates(provider, claims).filter(anonymised_at__isnull=True)
    if provider.municipality_id is not None:
        elsewhere = rows.exclude(municipality_id=provider.municipality_id)
        rows = rows.filter(municipality_id=provider.municipality_id)
        if not rows.exists() and elsewhere.exists():
            raise refuse("other_municipality", provider.key)
    active = [
        e
        for e in rows.select_related("user")
        if e.is_active and employee_services.is_employed(e.employment_end)
    ]
    if len(active) > 1:
        raise refuse("several_matches", provider.key)
    if not active:
        raise refuse("inactive" if rows.exists() else "no_match", provider.key)
    employee = active[0]
    if employee.user_id and not employee.user.is_active:
        raise refuse("inactive", provider.key)
    return employee


@transaction.atomic
def identity_sign_in(*, provider: Provider, claims: dict):
    """The user to sign in for a verified identity, created on first sign-in."""
    employee = employee_match(provider=provider, claims=claims)
    # Locked so two first sign-ins at once (two tabs) make one user, not two.
    employee = Employee.objects.select_for_update().get(pk=employee.pk)
    user = employee.user
    if user is None:
        user = get_user_model().objects.create_user(
            # No personal data in the user name: it shows in logs and audit rows.
            username=f"sso-{uuid.uuid4().hex[:20]}",
            first_name=employee.name[:150],
        )
        Employee.objects.filter(pk=employee.pk).update(user=user)
    if provider.claim_groups:
        _sync_group_grants(
            user, employee.municipality_id, claims.get(provider.claim_groups)
        )
    return user


def _group_names(value) -> set[str]:
    if isinstance(value, str):
        return {value}
    if isinstance(value, list):
        return {item for item in value if isinstance(item, str)}
    return set()


def _sync_group_grants(user, municipality_id: int, claim) -> None:
    groups = _group_names(claim)
    mappings = GroupGrant.objects.filter(municipality_id=municipality_id)
    for mapping in mappings.filter(group__in=groups):
        held = AccessGrant.objects.filter(
            user=user, department=mapping.department_id, kind=mapping.kind
        ).exists()
        if not held:
            grant = employee_services.grant_create(
                user=user, department=mapping.department, kind=mapping.kind
            )
            MappedGrant.objects.create(grant=grant, mapping=mapping)
    gone = MappedGrant.objects.filter(
        grant__user=user, mapping__municipality_id=municipality_id
    ).exclude(mapping__group__in=groups)
    for mapped in gone.select_related("grant"):
        employee_services.grant_delete(grant=mapped.grant)
