"""Eighteen months of assessment history: self and manager, rising over time.

Rows are collected in memory and inserted at the end, so course completions
(built later) can lift the manager's later judgements instead of contradicting
them.
"""

import random
from collections import defaultdict
from datetime import datetime, timedelta

from competences.levels import current
from competences.models import Assessment

Source = Assessment.Source

FIRST_ROUND_DAYS_AGO = (400, 545)
ROUND_GAP_DAYS = (110, 170)
RISE_CHANCE = 0.6
KNACKS = (-1, 0, 1, 2, 3)
KNACK_WEIGHTS = (3, 4, 3, 1.5, 0.5)
CHAMPIONS_DEPARTMENT = "OP-IT"
NEVER_ASSESSED_SHARE = 0.07
STOPPED_EARLY_SHARE = 0.08


class History:
    def __init__(self):
        self.rows: list[Assessment] = []
        # (employee id, competence id) -> validated rows, oldest first.
        self._validated: dict[tuple[int, int], list[Assessment]] = defaultdict(list)

    def add(self, row: Assessment) -> None:
        self.rows.append(row)
        if row.source != Source.SELF:
            self._validated[(row.employee_id, row.competence_id)].append(row)

    def level_at(self, employee_id: int, competence_id: int, moment: datetime) -> int:
        level = 0
        for row in self._validated[(employee_id, competence_id)]:
            if row.assessed_at <= moment:
                level = row.level
        return level

    def lift_after(self, employee_id: int, competence_id: int, moment, level: int):
        """Later judgements start from what a completed course proved."""
        for row in self._validated[(employee_id, competence_id)]:
            if row.assessed_at > moment and row.level < level:
                row.level = level

    def save(self) -> int:
        Assessment.objects.bulk_create(self.rows, batch_size=2000)
        # Written in bulk, past the services: the current levels from scratch.
        current.rebuild()
        return len(self.rows)


def build_history(*, rng: random.Random, now: datetime, org, profiles) -> History:
    """``profiles`` maps a job role id to {competence: target level}."""
    history = History()
    always = {e.pk for e in org.people.values()}
    for employee in org.employees:
        profile = profiles.get(employee.job_role_id) or {}
        if not profile or (
            employee.pk not in always and rng.random() < NEVER_ASSESSED_SHARE
        ):
            continue
        assessor = _assessor(org, employee)
        # The digitalisation team holds the municipality's frontrunners.
        bonus = 3 if employee.department.code == CHAMPIONS_DEPARTMENT else 0
        for moment, levels in _rounds(
            rng, now, profile, keep_going=employee.pk in always, bonus=bonus
        ):
            for competence, level in levels.items():
                _judge(history, rng, employee, competence, level, moment, assessor)
    _second_municipality(history, now, org, profiles)
    return history


def _assessor(org, employee):
    """The demo manager users assess their own people; other leaders have no login."""
    for username in ("manager", "manager2"):
        lead = org.people[username]
        if lead.department.contains(employee.department) and employee != lead:
            return org.users[username]
    return None


def _rounds(rng, now, profile: dict, keep_going: bool, bonus: int = 0):
    """Appraisal rounds from about 18 months ago until recently, levels rising.

    Each person has a knack: some start near their targets and pass them,
    others start low, so the ladder shows every stage.
    """
    knack = rng.choices(KNACKS, weights=KNACK_WEIGHTS)[0] + bonus
    levels = {
        c: _clamp(target - 2 + knack + rng.randint(-1, 0))
        for c, target in profile.items()
    }
    moment = now - timedelta(
        days=rng.randint(*FIRST_ROUND_DAYS_AGO), hours=rng.randint(0, 6)
    )
    while moment < now - timedelta(days=14):
        yield moment, dict(levels)
        if not keep_going and rng.random() < STOPPED_EARLY_SHARE:
            return
        for competence, target in profile.items():
            ceiling = target + max(knack, 0)
            if levels[competence] < ceiling and rng.random() < RISE_CHANCE:
                levels[competence] = _clamp(levels[competence] + 1)
        moment += timedelta(days=rng.randint(*ROUND_GAP_DAYS))


def _clamp(level: int) -> int:
    return max(1, min(8, level))


def _judge(history, rng, employee, competence, level, moment, assessor):
    own_view = _clamp(level + rng.choice((-1, 0, 0, 1, 1)))
    history.add(
        Assessment(
            employee_id=employee.pk,
            competence=competence,
            level=own_view,
            source=Source.SELF,
            assessed_at=moment - timedelta(days=rng.randint(2, 10)),
            assessed_by=employee.user,
        )
    )
    history.add(
        Assessment(
            employee_id=employee.pk,
            competence=competence,
            level=level,
            source=Source.MANAGER,
            assessed_at=moment,
            assessed_by=assessor,
            note="MUS-samtale",
        )
    )


def _second_municipality(history, now, org, profiles):
    """One appraisal round, enough for the second municipality's figures."""
    for employee in org.second_employees:
        for offset, (competence, target) in enumerate(
            profiles.get(employee.job_role_id, {}).items()
        ):
            history.add(
                Assessment(
                    employee_id=employee.pk,
                    competence=competence,
                    level=max(1, target - 1 - offset % 2),
                    source=Source.MANAGER,
                    assessed_at=now - timedelta(days=100 + offset),
                )
            )
