"""Who may do what, and which rows each user may see or change.

One policy object per user answers both kinds of question from the user's
grants, which it reads once per request. Pages, API, admin, the HR import and
the reports ask it; nobody else reads grants or department paths to decide
scope (DESIGN §4, §7).

A grant covers a department's whole subtree. Subtrees are compared by the
departments' materialised paths, and only this module (and the tree itself in
``employees.models``) knows that: callers get querysets, ``Q`` objects and
``Subtrees`` values.
"""

import threading
from dataclasses import dataclass
from functools import cached_property

from django.db import connections
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from employees.models import PATH_SEGMENT_WIDTH, AccessGrant, Department, Employee

Kind = AccessGrant.Kind
# Grants that let a user see people in detail and run their development.
LEAD_KINDS = (Kind.HR, Kind.MANAGER)
# Grants over the organisation: departments, people, figures and reports. A
# union representative's grant is not one of them: it lets its holder co-sign
# the fund applications of the staff below it (and see those), nothing more.
ORGANISATION_KINDS = (Kind.HR, Kind.MANAGER, Kind.VIEWER)


def access_for(user) -> "Access":
    """The user's Access, kept on the user object for the rest of the request."""
    access = user.__dict__.get("_kyndig_access")
    if access is None:
        access = Access(user)
        if user.is_authenticated:
            user.__dict__["_kyndig_access"] = access
    return access


def _outermost(paths) -> tuple[str, ...]:
    """Drop paths nested in another path of the list: they add nothing."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not any(path.startswith(kept) for kept in result):
            result.append(path)
    return tuple(result)


@dataclass(frozen=True)
class Subtrees:
    """A set of disjoint department subtrees, named by their top departments.

    What a user's figures and reports cover. Callers filter with ``q`` or
    ``employees`` and list with ``departments``; the paths stay inside.
    """

    paths: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.paths)

    def q(self, department: str = "department") -> Q:
        """Rows whose department (the relation named ``department``; empty
        for departments themselves) lies in these subtrees."""
        return self._q(_path_of(department))

    def _q(self, path_lookup: str) -> Q:
        query = Q(pk__in=[])
        for path in self.paths:
            query |= Q(**{f"{path_lookup}__startswith": path})
        return query

    def departments(self) -> QuerySet[Department]:
        """The departments of the subtrees, depth-first (by path)."""
        return Department.objects.filter(self.q("")).order_by("path")

    def employees(self) -> QuerySet[Employee]:
        """Active employees of the subtrees: those the figures count."""
        return Employee.objects.active().filter(self.q())

    def covers(self, department: Department) -> bool:
        return any(department.path.startswith(path) for path in self.paths)

    def within(self, department: Department) -> "Subtrees":
        """The part of these subtrees inside ``department``'s subtree (e.g. one
        municipality of a national scope), so a query about it filters on
        one or a few paths instead of every subtree of the scope."""
        top = department.path
        if self.covers(department):
            return Subtrees((top,))
        return Subtrees(tuple(path for path in self.paths if path.startswith(top)))


class Access:
    """The access a signed-in user holds through grants and their own record."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def grants(self) -> list[tuple[str, str]]:
        if not self.user.is_authenticated:
            return []
        return list(
            AccessGrant.objects.filter(user=self.user).values_list(
                "kind", "department__path"
            )
        )

    @property
    def is_superuser(self) -> bool:
        return self.user.is_authenticated and self.user.is_superuser

    def _paths(self, *kinds: str) -> list[str]:
        kinds = kinds or ORGANISATION_KINDS
        return [path for kind, path in self.grants if kind in kinds]

    def _covers(self, path: str, *kinds: str) -> bool:
        if self.is_superuser:
            return True
        return self._granted(path, *kinds)

    def _granted(self, path: str, *kinds: str) -> bool:
        """Whether the user's own grants of ``kinds`` cover ``path``."""
        return any(path.startswith(granted) for granted in self._paths(*kinds))

    # --- which rows -------------------------------------------------------
    def subtrees(self, *kinds: str) -> Subtrees:
        """The subtrees the user's grants of ``kinds`` cover (all for superusers)."""
        if self.is_superuser:
            roots = Department.objects.roots().values_list("path", flat=True)
            return Subtrees(_outermost(roots))
        return Subtrees(_outermost(self._paths(*kinds)))

    def q(self, department: str, *kinds: str) -> Q:
        """Rows of any model whose department (the relation named
        ``department``, empty for departments themselves) the grants of
        ``kinds`` cover: ``access.q("enrollment__employee__department")``.
        """
        if self.is_superuser:
            return Q()
        return Subtrees(_outermost(self._paths(*kinds))).q(department)

    def granted_q(self, department: str, *kinds: str) -> Q:
        """Like ``q``, from the user's own grants only, also for a superuser:
        for acts that are a person's own, such as signing."""
        return Subtrees(_outermost(self._paths(*kinds))).q(department)

    def q_recorded(self, field: str, *kinds: str) -> Q:
        """Rows that recorded a department's path in ``field`` (the audit
        trail keeps it, since the department may change later)."""
        if self.is_superuser:
            return Q()
        return Subtrees(_outermost(self._paths(*kinds)))._q(field)

    def departments(self, *kinds: str) -> QuerySet[Department]:
        """Departments in the user's grants of ``kinds`` (every kind by default)."""
        return Department.objects.filter(self.q("", *kinds))

    def hr_departments(self) -> QuerySet[Department]:
        """Departments where the user may create, edit and place people (HR)."""
        return self.departments(Kind.HR)

    def employees(self, *, detail: bool = False) -> QuerySet[Employee]:
        """Employees the user may see, and always the user's own record.

        ``detail`` narrows to those whose competences and enrollments the user
        may see (HR, managers and oneself; viewers see names only).
        """
        if self.is_superuser:
            return Employee.objects.all()
        if not self.user.is_authenticated:
            return Employee.objects.none()
        kinds = LEAD_KINDS if detail else ()
        return Employee.objects.filter(self.q("department", *kinds) | Q(user=self.user))

    def hr_employees(self) -> QuerySet[Employee]:
        """Employees the user holds HR over (whom they may edit and place)."""
        return Employee.objects.filter(self.q("department", Kind.HR))

    def municipalities(self) -> QuerySet[Department]:
        """Municipalities the user works in, through grants or employment."""
        if self.is_superuser:
            return Department.objects.roots()
        through_grants = self.departments().values("municipality_id")
        own = Employee.objects.filter(user=self.user).values("municipality_id")
        return Department.objects.roots().filter(
            Q(pk__in=through_grants) | Q(pk__in=own)
        )

    def hr_municipalities(self) -> QuerySet[Department]:
        """Municipalities where the user holds HR for at least a part."""
        if self.is_superuser:
            return Department.objects.roots()
        return Department.objects.roots().filter(
            pk__in=self.hr_departments().values("municipality_id")
        )

    def role_municipalities(self) -> QuerySet[Department]:
        """Municipalities whose job roles the user keeps: HR over all of it.

        Roles belong to a whole municipality, so HR for one forvaltning reads
        them but may not change them.
        """
        roots = Department.objects.roots()
        if self.is_superuser:
            return roots
        return roots.filter(path__in=self._paths(Kind.HR))

    def may_keep_roles(self, municipality: Department) -> bool:
        return self.is_superuser or municipality.path in self._paths(Kind.HR)

    def import_municipality(self, code: str | None = None) -> Department | None:
        """The municipality an HR import writes to: the one named by ``code``,
        else the only one the user holds HR in. None when that is ambiguous;
        Http404 when the user holds no HR there."""
        choices = self.hr_municipalities()
        if code:
            found = choices.filter(code=code).first()
            if found is None:
                raise Http404(
                    _("You hold no HR access in municipality %(code)s.")
                    % {"code": code}
                )
            return found
        found = list(choices[:2])
        return found[0] if len(found) == 1 else None

    def figure_scope(self, department=None) -> Subtrees:
        """What figures and reports cover: ``department`` (an instance or id,
        which must lie in the user's grants), else every granted subtree.

        A department out of scope answers 404, exactly like one that does not
        exist.
        """
        if department is None:
            return self.subtrees()
        if not isinstance(department, Department):
            department = _department_by_id(department)
        if department is None or not self._covers(department.path):
            raise Http404(_("No such department."))
        return Subtrees((department.path,))

    def lead_part(self, scope: Subtrees) -> Subtrees:
        """The parts of ``scope`` where the user may see employees in detail.

        HR and manager grants give per-employee detail; a viewer grant does not.
        """
        if self.is_superuser:
            return scope
        lead = self._paths(*LEAD_KINDS)
        inside = [p for p in lead if any(p.startswith(r) for r in scope.paths)]
        covered = [r for r in scope.paths if any(r.startswith(p) for p in lead)]
        return Subtrees(_outermost(inside + covered))

    # --- roles ------------------------------------------------------------
    @property
    def is_hr(self) -> bool:
        return self.is_superuser or bool(self._paths(Kind.HR))

    @property
    def is_manager(self) -> bool:
        return bool(self._paths(Kind.MANAGER))

    @property
    def is_lead(self) -> bool:
        """HR or manager somewhere: runs other people's development."""
        return self.is_hr or self.is_manager

    @property
    def has_grants(self) -> bool:
        """Grants over the organisation (a union representative's is not)."""
        return self.is_superuser or bool(self._paths())

    @property
    def is_union_rep(self) -> bool:
        return bool(self._paths(Kind.UNION_REP))

    def is_self(self, employee: Employee) -> bool:
        return self.user.is_authenticated and employee.user_id == self.user.pk

    def is_hr_over(self, employee: Employee) -> bool:
        return self._covers(employee.department.path, Kind.HR)

    def is_lead_over(self, employee: Employee) -> bool:
        """HR or manager over the employee: those who run their development."""
        return self._covers(employee.department.path, *LEAD_KINDS)

    # --- departments --------------------------------------------------------
    def can_view_department(self, department: Department) -> bool:
        return self._covers(department.path)

    def can_edit_department(self, department: Department) -> bool:
        return self._covers(department.path, Kind.HR)

    def can_create_department_under(self, parent: Department | None) -> bool:
        if parent is None:
            return self.is_superuser
        return self._covers(parent.path, Kind.HR)

    def can_grant_access(self, department: Department) -> bool:
        return self._covers(department.path, Kind.HR)

    # --- employees ----------------------------------------------------------
    def can_view_employee(self, employee: Employee) -> bool:
        return self.is_self(employee) or self._covers(employee.department.path)

    def can_view_employee_detail(self, employee: Employee) -> bool:
        """Competences, assessments, enrollments: viewers see names only."""
        return self.can_view_detail_of(
            user_id=employee.user_id, department_path=employee.department.path
        )

    def can_view_detail_of(self, *, user_id: int | None, department_path: str) -> bool:
        """``can_view_employee_detail`` from a person's user id and department
        path, for lists that read ``.values()`` rows instead of employees."""
        is_self = self.user.is_authenticated and user_id == self.user.pk
        return is_self or self._covers(department_path, *LEAD_KINDS)

    def can_edit_employee(self, employee: Employee) -> bool:
        return self.is_hr_over(employee)

    def can_assess(self, employee: Employee) -> bool:
        # Validated levels come from someone else: never from oneself.
        return not self.is_self(employee) and self.is_lead_over(employee)

    def can_self_assess(self, employee: Employee) -> bool:
        return self.is_self(employee) and employee.is_active

    # --- enrollments ------------------------------------------------------
    def can_enroll_directly(self, employee: Employee) -> bool:
        # HR's own course places are requested and approved like anyone's.
        return not self.is_self(employee) and self.is_hr_over(employee)

    def can_request_for(self, employee: Employee) -> bool:
        return self.is_self(employee) and employee.is_active

    def can_decide(self, employee: Employee) -> bool:
        """Approve or reject a request, review practice evidence."""
        return not self.is_self(employee) and self.is_lead_over(employee)

    def can_withdraw(self, employee: Employee) -> bool:
        return self.is_self(employee) or self.is_lead_over(employee)

    def can_record_attendance(self, employee: Employee) -> bool:
        # Workplace and in-house courses are run by the municipality itself:
        # HR or the participant's manager marks who came.
        return not self.is_self(employee) and self.is_lead_over(employee)

    def can_complete(self, employee: Employee) -> bool:
        return not self.is_self(employee) and self.is_lead_over(employee)

    def can_submit_evidence(self, employee: Employee) -> bool:
        return self.is_self(employee)

    def can_view_reports(self) -> bool:
        return self.has_grants

    # --- badges (credentials) -----------------------------------------------
    def can_revoke_credential(self, employee: Employee) -> bool:
        """Revoke one of the person's badges: HR over them, never oneself."""
        return not self.is_self(employee) and self.is_hr_over(employee)

    def can_read_revocation_reason(self, employee: Employee) -> bool:
        """HR's reason for revoking one of the person's badges: HR over them
        and the holder; a manager sees only that it is revoked."""
        return self.is_self(employee) or self.is_hr_over(employee)

    def can_hide_credential(self, employee: Employee) -> bool:
        """Hide a badge from the public pages, or show it again: its holder."""
        return self.is_self(employee)

    # --- fund applications (Kompetencefond) ---------------------------------
    def union_rep_employees(self) -> QuerySet[Employee]:
        """Employees whose fund applications the user co-signs as union
        representative (tillidsrepræsentant): those under their TR grants."""
        return Employee.objects.filter(self.q("department", Kind.UNION_REP))

    def can_apply_for(self, employee: Employee) -> bool:
        """File a fund application: the employee, or HR or a manager over them."""
        return self.is_self(employee) or self.is_lead_over(employee)

    # A signature is a person's own act: only the user's own grants count, so
    # a superuser signs for nobody.
    def can_sign_as_manager(self, employee: Employee) -> bool:
        """The employee's manager: a manager grant over them, never oneself."""
        path = employee.department.path
        return not self.is_self(employee) and self._granted(path, Kind.MANAGER)

    def can_sign_as_union_rep(self, employee: Employee) -> bool:
        """A union representative over the employee, never for oneself."""
        path = employee.department.path
        return not self.is_self(employee) and self._granted(path, Kind.UNION_REP)

    def can_decide_funding(self, employee: Employee) -> bool:
        """Record the fund's answer (granted, refused, paid): HR over them."""
        return not self.is_self(employee) and self.is_hr_over(employee)


# --- who holds access over a person ---------------------------------------------
def _grants_over(employee: Employee, kinds) -> QuerySet:
    """Active users' grants of ``kinds`` over the employee's department and
    those above it, nearest first; never the employee's own."""
    return _grants_over_paths(
        _ancestor_paths(employee.department.path), employee.user_id, kinds
    )


def _ancestor_paths(path: str) -> list[str]:
    step = PATH_SEGMENT_WIDTH + 1
    return [path[:end] for end in range(step, len(path) + 1, step)]


def _grants_over_paths(ancestors: list[str], user_id, kinds) -> QuerySet:
    return (
        AccessGrant.objects.filter(
            kind__in=kinds, department__path__in=ancestors, user__is_active=True
        )
        .exclude(user_id=user_id)
        .order_by("-department__depth", "user_id")
    )


def nearest_grant_holders(employee: Employee, kind: str) -> list:
    """Active users with a ``kind`` grant over the employee's department, from
    the nearest department up that has any: a department's own manager hears
    of its requests, not every manager above. Never the employee themself."""
    grants = _grants_over(employee, [kind]).select_related("user", "department")
    holders = []
    for grant in grants:
        if holders and grant.department.depth != holders[0][0]:
            break
        holders.append((grant.department.depth, grant.user))
    return [user for _depth, user in holders]


def deciders_of(employee: Employee) -> list:
    """Who decides the employee's requests and reviews their evidence: their
    nearest managers, else (a department without one) their nearest HR."""
    return nearest_grant_holders(employee, Kind.MANAGER) or nearest_grant_holders(
        employee, Kind.HR
    )


def deciders_values(employee: Employee, *fields: str) -> list[dict]:
    """``deciders_of`` as a few facts of each user (``fields``: paths from the
    user, as for ``values()``), managers and HR in one query and no objects:
    for a caller inside a request's transaction that needs only those."""
    ancestors = _ancestor_paths(employee.department.path)
    query = _deciders_query(len(ancestors), employee.user_id is None, fields)
    rows = query.run(ancestors, employee.user_id)
    for kind in (Kind.MANAGER, Kind.HR):
        mine = [row for row in rows if row[0] == kind]
        if mine:
            nearest = mine[0][1]
            return [
                dict(zip(fields, row[2:], strict=True))
                for row in mine
                if row[1] == nearest
            ]
    return []


class _CompiledDeciders:
    """The deciders query of one shape, compiled once, run with any values.

    Why: it runs inside every request that notifies deciders (an enrollment
    request, a practice task), and the ORM spent ~1.5 ms building and
    compiling its five-table join each time while the database answered it
    in ~0.05 ms. Its SQL depends only on the shape: how deep the department
    is, whether the employee has a login, the fields asked. So it is
    compiled once with stand-in values, whose places among the parameters
    are remembered, and each call swaps in its own values. The rows pass
    through the compiler's converters, as a queryset's rows would.
    """

    # Stand-ins no real path or user id can equal.
    PATH = "\x00ancestor-{}"
    USER = -987_654_321

    def __init__(self, depth: int, without_user: bool, fields: tuple):
        self.paths = [self.PATH.format(index) for index in range(depth)]
        user_id = None if without_user else self.USER
        names = [f"user__{field}" for field in fields]
        queryset = _grants_over_paths(
            self.paths, user_id, [Kind.MANAGER, Kind.HR]
        ).values_list("kind", "department__depth", *names)
        self.db = queryset.db
        self.compiler = queryset.query.get_compiler(using=self.db)
        self.sql, params = self.compiler.as_sql()
        self.params = list(params)
        self.places = {value: params.index(value) for value in self.paths}
        if not without_user:
            self.places[self.USER] = params.index(self.USER)
        columns = self.compiler.select[: self.compiler.col_count]
        self.converters = self.compiler.get_converters(
            [column for column, *_rest in columns]
        )

    def run(self, ancestors: list[str], user_id) -> list:
        params = list(self.params)
        for stand_in, value in zip(self.paths, ancestors, strict=True):
            params[self.places[stand_in]] = value
        if self.USER in self.places:
            params[self.places[self.USER]] = user_id
        with connections[self.db].cursor() as cursor:
            cursor.execute(self.sql, params)
            rows = cursor.fetchall()
        if self.converters:
            rows = list(self.compiler.apply_converters(rows, self.converters))
        return rows


# Per thread: a compiler holds its thread's database connection.
_compiled = threading.local()


def _deciders_query(depth: int, without_user: bool, fields: tuple):
    cache = _compiled.__dict__.setdefault("deciders", {})
    shape = (depth, without_user, fields)
    if shape not in cache:
        cache[shape] = _CompiledDeciders(depth, without_user, fields)
    return cache[shape]


def _path_of(department: str) -> str:
    return f"{department}__path" if department else "path"


def _department_by_id(value) -> Department | None:
    try:
        pk = int(value)
    except (TypeError, ValueError):
        return None
    return Department.objects.filter(pk=pk).only("id", "path").first()
