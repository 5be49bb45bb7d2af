"""Sums over the department tree: figures of a department with its subtree."""

from collections import defaultdict


def rollup(departments, own: dict) -> dict:
    """Each department's counters plus those of all its descendants.

    ``departments`` are the departments reported on (with ``pk`` and
    ``parent_id``); ``own`` maps a department id to its own counters (a dict
    of numbers). Every department adds its own counts to itself and each
    ancestor in scope, up its parents: cost is departments × depth.
    """
    # .id, not .pk: Django's pk property costs more than the sums here.
    parents = {dept.id: dept.parent_id for dept in departments}
    totals: dict = defaultdict(lambda: defaultdict(int))
    for dept in departments:
        counts = own.get(dept.id)
        if not counts:
            continue
        ancestor = dept.id
        while ancestor in parents:
            target = totals[ancestor]
            for key, value in counts.items():
                target[key] += value
            ancestor = parents[ancestor]
    return totals
