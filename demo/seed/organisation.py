"""The demo organisation: departments, job roles, employees, users and grants."""

import random
import unicodedata
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from competences.models import Competence, RoleCompetence
from demo import names
from demo.seed import data
from employees.models import AccessGrant, Department, Employee, JobRole

Kind = AccessGrant.Kind


@dataclass
class Organisation:
    """What the later steps need to know about the organisation just built."""

    municipality: Department
    second: Department
    departments: dict[str, Department]
    roles: dict[str, JobRole]
    employees: list[Employee]
    second_employees: list[Employee]
    users: dict = field(default_factory=dict)
    people: dict[str, Employee] = field(default_factory=dict)


def build_organisation(*, rng: random.Random, today: date) -> Organisation:
    competences = {
        c.code: c for c in Competence.objects.filter(framework__code="digcomp")
    }
    municipality, departments = _tree(data.MUNICIPALITY, _main_departments())
    second, second_departments = _tree(
        data.SECOND_MUNICIPALITY, data.SECOND_DEPARTMENTS
    )
    roles = _roles(municipality, data.ROLE_PROFILES, competences)
    second_roles = _roles(second, data.SECOND_ROLES, competences)
    users = _users()
    people = _main_employees(rng, today, departments, roles, users)
    others = _second_employees(today, second_departments, second_roles)
    Employee.objects.bulk_create(people + others)
    org = Organisation(municipality, second, departments, roles, people, others, users)
    org.people = {e.user.username: e for e in people if e.user_id}
    _grants(org, second)
    return org


def _main_departments():
    return [(code, name, parent) for code, name, parent, *_rest in data.DEPARTMENTS]


def _tree(municipality: dict, rows) -> tuple[Department, dict[str, Department]]:
    """Departments are saved one by one: each path needs the row's own id."""
    root = Department.objects.create(
        name=municipality["name"], code=municipality["code"]
    )
    departments: dict[str, Department] = {}
    for code, name, parent_code in rows:
        parent = departments[parent_code] if parent_code else root
        departments[code] = Department.objects.create(
            name=name, code=code, parent=parent
        )
    return root, departments


def _roles(municipality, profiles: dict, competences: dict) -> dict[str, JobRole]:
    roles = {
        name: JobRole.objects.create(
            municipality=municipality,
            name=name,
            description=data.ROLE_DESCRIPTIONS.get(name, ""),
        )
        for name in profiles
    }
    RoleCompetence.objects.bulk_create(
        RoleCompetence(
            role=roles[name], competence=competences[code], target_level=target
        )
        for name, profile in profiles.items()
        for code, target in profile.items()
    )
    return roles


def _users() -> dict:
    # One hash for all: hashing is deliberately slow, and every password is "demo".
    password = make_password(data.PASSWORD)
    user_model = get_user_model()
    users = {
        username: user_model(
            username=username,
            password=password,
            email=f"{username}@{data.MUNICIPALITY['domain']}",
            is_staff=username == "admin",
            is_superuser=username == "admin",
        )
        for username in data.USERNAMES
    }
    users["hr2"].email = f"hr2@{data.SECOND_MUNICIPALITY['domain']}"
    user_model.objects.bulk_create(users.values())
    return users


def _staffing(departments: dict[str, Department]) -> list[tuple[Department, str]]:
    """One (department, role) per ordinary employee, spread by the weights."""
    total = data.EMPLOYEE_COUNT - len(data.DEMO_PEOPLE)
    weights = {code: weight for code, _n, _p, weight, _r in data.DEPARTMENTS}
    scale = total / sum(weights.values())
    counts = {code: int(weight * scale) for code, weight in weights.items()}
    # Largest remainders first, so the counts add up to exactly `total`.
    by_remainder = sorted(
        weights, key=lambda c: weights[c] * scale - counts[c], reverse=True
    )
    for code in by_remainder[: total - sum(counts.values())]:
        counts[code] += 1
    slots = []
    for code, _name, _parent, _weight, mix in data.DEPARTMENTS:
        roles = [role for role, share in mix.items() for _ in range(share)]
        slots += [
            (departments[code], roles[i % len(roles)]) for i in range(counts[code])
        ]
    return slots


def _main_employees(rng, today, departments, roles, users) -> list[Employee]:
    domain = data.MUNICIPALITY["domain"]
    people = _unique_names(
        rng, data.EMPLOYEE_COUNT, {p[0] for p in data.DEMO_PEOPLE.values()}
    )
    employees = []
    for username, (name, code, role, is_manager) in data.DEMO_PEOPLE.items():
        employees.append(
            _employee(rng, today, name, departments[code], roles[role], domain)
        )
        employees[-1].user = users[username]
        employees[-1].is_manager = is_manager
    led = {e.department.pk for e in employees if e.is_manager}
    for (department, role), name in zip(_staffing(departments), people, strict=False):
        employee = _employee(rng, today, name, department, roles[role], domain)
        # The first person placed in a department leads it.
        employee.is_manager = department.pk not in led
        led.add(department.pk)
        employees.append(employee)
    for number, employee in enumerate(employees, start=10001):
        employee.employee_number = str(number)
    _mark_exceptions(rng, today, employees)
    return employees


def _mark_exceptions(rng, today, employees):
    """A few leavers and a few without a job role, as in any real register."""
    ordinary = [e for e in employees if e.user_id is None and not e.is_manager]
    picked = rng.sample(ordinary, data.INACTIVE_COUNT + data.NO_ROLE_COUNT)
    for employee in picked[: data.INACTIVE_COUNT]:
        employee.is_active = False
        employee.employment_end = today - timedelta(days=rng.randint(20, 200))
    for employee in picked[data.INACTIVE_COUNT :]:
        employee.job_role = None


def _unique_names(rng, count: int, taken: set[str]) -> list[str]:
    chosen: list[str] = []
    seen = set(taken)
    while len(chosen) < count:
        name = f"{rng.choice(names.FIRST_NAMES)} {rng.choice(names.LAST_NAMES)}"
        if name not in seen:
            seen.add(name)
            chosen.append(name)
    return chosen


def _employee(rng, today, name, department, role, domain) -> Employee:
    return Employee(
        municipality_id=department.municipality_id,
        department=department,
        job_role=role,
        name=name,
        work_email=f"{_mailbox(name)}@{domain}",
        employment_start=today - timedelta(days=rng.randint(700, 9000)),
    )


def _mailbox(name: str) -> str:
    folded = name.lower().replace("æ", "ae").replace("ø", "oe").replace("å", "aa")
    ascii_name = (
        unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    )
    return ".".join(ascii_name.split())


def _second_employees(today, departments, roles) -> list[Employee]:
    domain = data.SECOND_MUNICIPALITY["domain"]
    return [
        Employee(
            municipality_id=departments[code].municipality_id,
            department=departments[code],
            job_role=roles.get(role),
            name=name,
            work_email=f"{_mailbox(name)}@{domain}",
            employee_number=f"V{number:04d}",
            employment_start=today - timedelta(days=1500 + 90 * number),
        )
        for number, (name, code, role) in enumerate(data.SECOND_EMPLOYEES, start=1)
    ]


def _grants(org: Organisation, second: Department) -> None:
    users, departments = org.users, org.departments
    manager2_department = org.people["manager2"].department
    AccessGrant.objects.bulk_create(
        [
            AccessGrant(user=users["hr"], department=org.municipality, kind=Kind.HR),
            AccessGrant(
                user=users["manager"],
                department=departments[data.SO],
                kind=Kind.MANAGER,
            ),
            AccessGrant(
                user=users["manager2"],
                department=manager2_department,
                kind=Kind.MANAGER,
            ),
            AccessGrant(
                user=users["viewer"], department=org.municipality, kind=Kind.VIEWER
            ),
            AccessGrant(user=users["hr2"], department=second, kind=Kind.HR),
            AccessGrant(
                user=users["tr"], department=org.municipality, kind=Kind.UNION_REP
            ),
        ]
    )
