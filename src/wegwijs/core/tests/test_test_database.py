"""The test suite's own PostgreSQL flush (wegwijs.testing.postgresql): between transactional
tests every table is empty again, also the monitor's rollups and deltas that the desk's
triggers write while the rows are deleted."""

from __future__ import annotations

from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from wegwijs.accounts.models import Role
from wegwijs.desk import services
from wegwijs.desk.models import Question
from wegwijs.monitor.models import QuestionRollup, QuestionRollupDelta
from wegwijs.monitor.tests.test_fold import visit_input
from wegwijs.testing.network import build_network, user_for

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the faster flush is PostgreSQL's"
)


@pytest.mark.django_db(transaction=True)
def test_the_flush_between_tests_empties_every_table() -> None:
    network = build_network()
    worker = user_for(Role.DESK_WORKER, network)
    for _ in range(3):
        services.register_visit(worker, visit_input(network))
    call_command("monitor", "fold", stdout=StringIO())
    assert Question.objects.count() == 3
    assert QuestionRollup.objects.exists()

    assert connection.settings_dict["ENGINE"] == "wegwijs.testing.postgresql"
    call_command("flush", verbosity=0, interactive=False)

    recreated = {"django_content_type", "auth_permission"}  # by post_migrate, as after TRUNCATE
    left = {
        model._meta.db_table: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.db_table not in recreated
    }
    assert {table: n for table, n in left.items() if n} == {}
    assert not QuestionRollupDelta.objects.exists()
