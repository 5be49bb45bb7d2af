"""Today's terms of Den Kommunale Kompetencefond, loaded when no rule exists.

80 % of the costs, up to DKK 30,000 per employee within 12 months (DKK 50,000
for a master's programme). No eligible agreements are listed: staff under every
agreement may apply until an administrator narrows it in the admin.
"""

from datetime import date
from decimal import Decimal

DEFAULT_RULES = (
    {
        "education_kind": "course",
        "valid_from": date(2024, 4, 1),
        "percentage": Decimal("80.00"),
        "cap": Decimal("30000.00"),
        "cap_months": 12,
        "note": "Den Kommunale Kompetencefond, OK24",
    },
    {
        "education_kind": "masters",
        "valid_from": date(2024, 4, 1),
        "percentage": Decimal("80.00"),
        "cap": Decimal("50000.00"),
        "cap_months": 12,
        "note": "Den Kommunale Kompetencefond, OK24",
    },
)
