"""Whether the services Kyndig depends on answer: database, cache, task queue.

Used by ``/health/`` and by the error handlers, which tell an outage (503,
try again) from a bug (500). A check answers True or False and never raises.
"""

import logging
import uuid

from django.core.cache import cache
from django.db import DatabaseError, connection
from django_tasks import default_task_backend
from django_tasks.exceptions import TaskResultDoesNotExist

logger = logging.getLogger(__name__)

# A result id no task ever gets: asking for it reads the queue's storage.
_PROBE_ID = str(uuid.UUID(int=0))
_PROBE_KEY = "health-probe"


def database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def cache_ok() -> bool:
    try:
        cache.get(_PROBE_KEY)
    except Exception:  # any backend, any failure: it does not answer
        logger.warning("Health: the cache does not answer.", exc_info=True)
        return False
    return True


def tasks_ok() -> bool:
    backend = default_task_backend
    # A backend that keeps no results (tasks run in-process) has no storage
    # that could be down.
    if not backend.supports_get_result:
        return True
    try:
        backend.get_result(_PROBE_ID)
    except TaskResultDoesNotExist:
        return True
    except Exception:  # any backend, any failure: it does not answer
        logger.warning("Health: the task queue does not answer.", exc_info=True)
        return False
    return True


CHECKS = {"database": database_ok, "cache": cache_ok, "tasks": tasks_ok}


def health_checks() -> dict[str, str]:
    """Each dependency and its state, ``ok`` or ``down``."""
    return {name: "ok" if check() else "down" for name, check in CHECKS.items()}
