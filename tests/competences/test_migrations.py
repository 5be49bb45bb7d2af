"""A day's snapshot built before the totals over all roles existed gets them
from its rows per role when competences 0008 is applied, so the figures stay
the rule's answer between the upgrade and the next refresh."""

import random

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from competences.levels import snapshot
from competences.models import OverallSnapshotTotal, OverallSnapshotTotalCell
from reports.figures import department_report
from reports.figures.period import period_for
from tests.competences.test_levels_current import random_organisation

BEFORE = [("competences", "0007_overall_snapshot")]


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


@pytest.mark.django_db(transaction=True)
def test_a_snapshot_from_before_gets_its_totals(municipality, hr, monkeypatch):
    random_organisation(random.Random(7), municipality)
    period = period_for()
    snapshot.refresh(period.end, period.start)
    with monkeypatch.context() as patch:
        patch.setattr(snapshot, "matching", lambda end, start: None)
        expected = department_report(user=hr)
    totals = OverallSnapshotTotal.objects.count()
    cells = OverallSnapshotTotalCell.objects.count()
    assert totals and cells

    _migrate(BEFORE)  # drops the two tables; the rows per role stay
    _migrate(_latest())

    assert OverallSnapshotTotal.objects.count() == totals
    assert OverallSnapshotTotalCell.objects.count() == cells
    assert snapshot.matching(period.end, period.start) is not None
    assert department_report(user=hr) == expected
    assert snapshot.drift(period.end, period.start) == {
        "people": 0,
        "groups": 0,
        "cells": 0,
    }
