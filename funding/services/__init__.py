"""Writes of the funding app (DESIGN §12): applications, signatures, the
fund's answer, and the fund's rules.

Every function is keyword-only and transactional, refuses with
``ValidationError(message, code=...)`` (or ``PermissionDenied`` naming who may)
having changed nothing, and locks the application's row where two people can
act at once.
"""

from funding.services.applications import (
    fund_application_create,
    fund_application_decide,
    fund_application_set_costs,
    fund_application_submit,
    missing_signers,
)
from funding.services.fund_rules import (
    fund_rule_save,
    fund_rule_validate,
    fund_rules_ensure,
)
from funding.services.signatures import (
    fund_application_sign,
    signer_name,
    signer_role,
)

__all__ = [
    "fund_application_create",
    "fund_application_decide",
    "fund_application_set_costs",
    "fund_application_sign",
    "fund_application_submit",
    "fund_rule_save",
    "fund_rule_validate",
    "fund_rules_ensure",
    "missing_signers",
    "signer_name",
    "signer_role",
]
