"""The ladder of stages from technology user to digital champion."""

import time

from competences.models import LadderStage

# The ladder is data that changes rarely; a short-lived copy saves a query per
# stage lookup in loops without keeping stale data for long.
_CACHE_SECONDS = 60
_cache: dict = {"at": 0.0, "stages": []}


def ladder() -> list[LadderStage]:
    """The stages, lowest first."""
    now = time.monotonic()
    if not _cache["stages"] or now - _cache["at"] > _CACHE_SECONDS:
        _cache["stages"] = list(LadderStage.objects.order_by("min_level"))
        _cache["at"] = now
    return _cache["stages"]


def stage_codes() -> list[str]:
    return [stage.code for stage in ladder()]


def stage_for_level(level: int) -> str:
    """The code of the ladder stage that holds ``level`` (0-8)."""
    for stage in ladder():
        if stage.min_level <= level <= stage.max_level:
            return stage.code
    raise ValueError(f"No ladder stage holds level {level}.")


def proficient_codes() -> set[str]:
    """Technology-proficient and every stage above it."""
    stages = ladder()
    floor = next(
        (s.min_level for s in stages if s.code == "technology_proficient"), None
    )
    if floor is None:
        return set()
    return {s.code for s in stages if s.min_level >= floor}
