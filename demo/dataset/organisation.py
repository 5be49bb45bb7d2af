"""Municipalities, their department trees and job roles with profiles."""

import random
from dataclasses import dataclass, field

from competences.models import RoleCompetence
from employees.models import Department, JobRole, tree_path

from . import vocabulary

# Per generated municipality: about one department per this many employees,
# which gives ~3,000 departments for 500,000 employees in 98 municipalities.
EMPLOYEES_PER_DEPARTMENT = 165


@dataclass
class Municipality:
    root_id: int
    code: str
    domain: str
    employees: int
    # (department id, weight): where employees are placed.
    places: list[tuple[int, int]] = field(default_factory=list)
    roles: list[int] = field(default_factory=list)


def municipality_sizes(rng: random.Random, count: int, employees: int) -> list[int]:
    """Employees per municipality: skewed like real ones, summing to the total."""
    weights = [rng.lognormvariate(0, 0.7) for _ in range(count)]
    total = sum(weights)
    sizes = [max(1, int(employees * w / total)) for w in weights]
    sizes[0] += employees - sum(sizes)
    return sizes


def build_departments(rng, writer, sizes: list[int]) -> list[Municipality]:
    """Insert every tree (3-4 levels) with explicit ids and materialised paths."""
    next_id = writer.next_id(Department)
    rows, municipalities = [], []
    for index, size in enumerate(sizes):
        towns = vocabulary.TOWNS
        town = f"{towns[index % len(towns)]}{'' if index < len(towns) else index}"
        root = next_id
        next_id += 1
        code = f"G{index + 1:03d}"
        municipality = Municipality(root, code, f"{code.lower()}.example.dk", size)
        rows.append((root, f"{town} Kommune", code, None, root, tree_path(root), 0))
        tree = _tree(rng, max(8, size // EMPLOYEES_PER_DEPARTMENT) - 1)
        ids: dict[str, tuple[int, str]] = {"": (root, tree_path(root))}
        for key, name, parent_key, depth, weight in tree:
            parent_id, parent_path = ids[parent_key]
            ids[key] = (next_id, tree_path(next_id, parent_path))
            rows.append((next_id, name, key, parent_id, root, ids[key][1], depth))
            municipality.places.append((next_id, weight))
            next_id += 1
        municipalities.append(municipality)
    columns = ["id", "name", "code", "parent_id", "municipality_id", "path", "depth"]
    writer.insert(Department, columns, rows)
    return municipalities


def _tree(rng, count: int) -> list[tuple]:
    """(code, name, parent code, depth, staff weight), parents before children."""
    forvaltninger = vocabulary.FORVALTNINGER[: min(8, max(3, count // 8))]
    rest = max(0, count - len(forvaltninger))
    afdelinger = max(len(forvaltninger), round(rest * 0.55))
    teams = max(0, rest - afdelinger)
    rows = [(code, name, "", 1, 1) for code, name in forvaltninger]
    units = []
    for n in range(afdelinger):
        parent = forvaltninger[n % len(forvaltninger)][0]
        unit = vocabulary.UNITS[rng.randrange(len(vocabulary.UNITS))]
        units.append((f"{parent}-{n + 1:03d}", f"{unit} {n + 1}"))
        rows.append((*units[-1], parent, 2, 6))
    for n in range(teams):
        parent_code, parent_name = units[n % len(units)]
        team = vocabulary.TEAMS[(n // len(units)) % len(vocabulary.TEAMS)]
        rows.append(
            (f"{parent_code}-{n + 1}", f"{parent_name}, team {team}", parent_code, 3, 8)
        )
    return rows


def role_profiles(rng, competence_ids: list[int]) -> dict[str, list[tuple[int, int]]]:
    """The same profile per role name in every municipality: (competence, target)."""
    return {
        role: [
            (competence, rng.randint(3, 6))
            for competence in sorted(rng.sample(competence_ids, rng.randint(4, 7)))
        ]
        for role in vocabulary.ROLES
    }


def build_roles(writer, municipalities, profiles) -> dict[int, list]:
    """Insert roles and profiles; answers role id -> [(competence, target)]."""
    next_id = writer.next_id(JobRole)
    role_rows, profile_rows, by_role = [], [], {}
    for municipality in municipalities:
        for name in vocabulary.ROLES:
            role_rows.append((next_id, municipality.root_id, name, ""))
            by_role[next_id] = profiles[name]
            profile_rows += [(next_id, c, t) for c, t in profiles[name]]
            municipality.roles.append(next_id)
            next_id += 1
    writer.insert(JobRole, ["id", "municipality_id", "name", "description"], role_rows)
    writer.insert(
        RoleCompetence, ["role_id", "competence_id", "target_level"], profile_rows
    )
    return by_role
