"""Requirements and a roll-out campaign (DESIGN §9) with a mix of statuses.

- "Informationssikkerhed – hvert år": the course Digital sikkerhed i hverdagen,
  due ten days ago for Sundhed og Omsorg and valid 12 months: the demo's
  completions make some people met, some lapsed, the rest overdue; one person
  is exempt.
- "Omsorgssystemet: niveau 4 i 1.3": for the social and health care assistants
  and the nurses, due 60 days after joining and counted from 45 days ago:
  those at level 4 are met, the others due within 15 days, and one assistant
  hired ten days ago has her own due date, 50 days ahead.
- "Nyt omsorgssystem": a campaign for Sundhed og Omsorg; evidence approved
  for some managers and staff, waiting for review for others, one returned.

Written through the obligations services where a person acts (HR), and as
rows where the participants have no account to act with.
"""

import random
from datetime import timedelta

from competences.models import Competence
from courses.models import Course, PracticeTaskSubmission
from demo.seed import data
from obligations import services
from obligations.models import CampaignTry

Review = CampaignTry.Review
EVIDENCE = "Dokumenterede et besøg i det nye system sammen med en kollega."


def build_obligations(*, rng: random.Random, now, org) -> dict:
    today = now.date()
    hr = org.users["hr"]
    care = org.departments[data.SO]
    security = services.requirement_create(
        actor=hr,
        name="Informationssikkerhed – hvert år",
        description="Alle i Sundhed og Omsorg gennemfører kurset hvert år.",
        kind="course",
        courses=[Course.objects.get(external_id="KH-2026-105")],
        departments=[care],
        due_on=today - timedelta(days=10),
        recurrence_months=12,
        effective_from=today - timedelta(days=365),
    )
    services.requirement_create(
        actor=hr,
        name="Omsorgssystemet: niveau 4 i 1.3",
        description="Før go-live skal alle i plejen kunne dokumentere selvstændigt.",
        kind="level",
        competence=Competence.objects.filter(code="1.3").order_by("framework_id")[0],
        min_level=4,
        job_roles=[org.roles[data.SSA], org.roles[data.SYG]],
        due_days=60,
        effective_from=today - timedelta(days=45),
    )
    staff = [e for e in org.employees if care.contains(e.department)]
    _new_hire(staff, today, org.roles[data.SSA])
    on_leave = next(e for e in staff if e.user_id is None and not e.is_manager)
    services.exemption_grant(
        requirement=security, employee=on_leave, reason="Barselsorlov", actor=hr
    )
    campaign = services.campaign_create(
        actor=hr,
        name="Nyt omsorgssystem",
        purpose="Mere tid hos borgeren: alle prøver det nye system før go-live.",
        practice_task=(
            "Dokumentér et borgerbesøg i det nye system og vis en kollega det."
        ),
        departments=[care],
        starts_on=today - timedelta(days=14),
        ends_on=today + timedelta(days=60),
    )
    tries = _tries(rng, campaign, staff, now, org.users["manager"])
    return {"requirements": 2, "campaigns": 1, "campaign_tries": tries}


def _new_hire(staff, today, role) -> None:
    """One assistant started ten days ago: their own due date is 50 days ahead."""
    hire = next(e for e in staff if e.job_role_id == role.pk and e.user_id is None)
    hire.employment_start = today - timedelta(days=10)
    type(hire).objects.filter(pk=hire.pk).update(employment_start=hire.employment_start)


def _tries(rng, campaign, staff, now, reviewer) -> int:
    """Most managers and a third of staff have tried it; some wait for review."""
    rows = []
    for employee in staff:
        if employee.user_id is not None:
            continue  # the demo users try it themselves
        share = 0.7 if employee.is_manager else 0.35
        draw = rng.random()
        if draw >= share + 0.1:
            continue
        status = Review.APPROVED if draw < share else Review.SUBMITTED
        submitted = now - timedelta(days=rng.randint(1, 12), hours=rng.randint(0, 8))
        rows.append(
            PracticeTaskSubmission(
                employee=employee,
                task_title=campaign.name[:200],
                evidence=EVIDENCE,
                submitted_at=submitted,
                status=status,
                reviewed_by=reviewer if status == Review.APPROVED else None,
                reviewed_at=submitted + timedelta(days=1)
                if status == Review.APPROVED
                else None,
            )
        )
    if rows:
        returned = rows[-1]
        returned.status = Review.RETURNED
        returned.reviewed_by = reviewer
        returned.reviewed_at = returned.submitted_at + timedelta(days=1)
        returned.review_note = "Beskriv gerne, hvad du dokumenterede."
    # Each try is practice-task evidence without an enrollment (DESIGN §9).
    PracticeTaskSubmission.objects.bulk_create(rows)
    CampaignTry.objects.bulk_create(
        CampaignTry(campaign=campaign, submission=submission) for submission in rows
    )
    return len(rows)
