"""wegwijs generate-registrations: reproducible, valid, inside opening hours, counted."""

from __future__ import annotations

from collections import Counter
from datetime import date, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import holidays
import pytest
from django.core.management import CommandError, call_command

from wegwijs.desk.codes import LAYER_OF, Channel, Duration, HelpGiven, Kind, ReferralTarget, Theme
from wegwijs.desk.codes import OrganisationCode as Org
from wegwijs.desk.models import Question, Visit
from wegwijs.monitor import generator, rollups
from wegwijs.network.models import HoursKind, OpeningPeriod
from wegwijs.testing.factories import weekly_hours
from wegwijs.testing.network import Network

pytestmark = pytest.mark.django_db
AMSTERDAM = ZoneInfo("Europe/Amsterdam")
START, END = date(2024, 1, 1), date(2024, 12, 31)


@pytest.fixture
def open_network(network: Network) -> Network:
    weekly_hours(network.rotterdam_centrum, range(6), time(9, 30), time(17))
    weekly_hours(network.zaandam, range(1, 5), time(13), time(20))
    OpeningPeriod.objects.create(
        branch=network.rotterdam_centrum,
        kind=HoursKind.CONSULTATION,
        weekday=2,
        opens=time(10),
        closes=time(12),
    )
    return network


def content() -> list[tuple[Any, ...]]:
    return [
        (
            v.branch_id,
            v.occurred_at,
            v.channel,
            v.duration,
            tuple((q.kind, q.theme, q.organisation, q.help_given, q.referral_target) for q in v.questions.all()),
        )
        for v in Visit.objects.order_by("occurred_at", "branch_id", "pk").prefetch_related("questions")
    ]  # fmt: skip


def test_the_same_seed_gives_the_same_registrations(open_network: Network) -> None:
    result = generator.generate(400, seed=7, start=START, end=END)
    assert result.questions == 400 == Question.objects.count()
    first = content()
    Visit.objects.all().delete()
    generator.generate(400, seed=7, start=START, end=END)
    assert content() == first
    Visit.objects.all().delete()
    generator.generate(400, seed=8, start=START, end=END)
    assert content() != first
    assert rollups.differences() == []


def test_generated_registrations_follow_the_rules(open_network: Network) -> None:
    generator.generate(1500, seed=3, start=START, end=END)
    assert rollups.differences() == []
    closed = set(holidays.country_holidays("NL", years=2024))
    hours = {
        (p.branch_id, p.weekday): (p.opens, p.closes)
        for p in OpeningPeriod.objects.filter(kind=HoursKind.OPEN)
    }
    for visit in Visit.objects.prefetch_related("questions"):
        local = visit.occurred_at.astimezone(AMSTERDAM)
        assert START <= local.date() <= END and local.date() not in closed
        opens, closes = hours[(visit.branch_id, local.weekday())]
        assert opens <= local.time() < closes
        assert visit.channel in Channel.values and visit.duration in Duration.values
        assert visit.branch_id != open_network.utrecht_neude.pk  # no hours: no visits
        for q in visit.questions.all():
            assert q.kind in Kind.values and q.theme in Theme.values
            assert q.organisation in Org.values and q.layer == LAYER_OF[q.organisation]
            assert q.help_given in HelpGiven.values
            if q.help_given == HelpGiven.DOORVERWEZEN:
                assert q.referral_target in ReferralTarget.values
            else:
                assert q.referral_target == ""
            assert q.citizen_words == "" and visit.note == ""


def test_the_mix_is_realistic(open_network: Network) -> None:
    generator.generate(6000, seed=11, start=START, end=END)
    themes = Counter(Question.objects.values_list("theme", flat=True))
    assert themes.most_common(1)[0][0] == "digid"
    assert themes["digitale-vaardigheden"] > themes["toeslagen"]
    spring = Counter()
    other = Counter()
    for q in Question.objects.select_related("visit"):
        month = q.visit.occurred_at.astimezone(AMSTERDAM).month
        (spring if month in (3, 4) else other)[q.theme == "belastingaangifte"] += 1
    share = lambda c: c[True] / (c[True] + c[False])  # noqa: E731
    assert share(spring) > 3 * share(other)  # tax-return season
    per_visit = Counter(Visit.objects.values_list("questions__visit", flat=True))
    assert 1.1 < sum(per_visit.values()) / len(per_visit) < 1.5
    wednesday_morning = Visit.objects.filter(branch=open_network.rotterdam_centrum)
    local = [v.occurred_at.astimezone(AMSTERDAM) for v in wednesday_morning]
    consultation = sum(1 for t in local if t.weekday() == 2 and 10 <= t.hour < 12)
    afternoon = sum(1 for t in local if t.weekday() == 2 and 14 <= t.hour < 16)
    assert consultation > afternoon  # visits cluster in the consultation hour


def test_bad_requests_are_refused(open_network: Network) -> None:
    today = date.today()
    with pytest.raises(generator.GeneratorError):
        generator.generate(10, end=today)
    with pytest.raises(generator.GeneratorError):
        generator.generate(10, start=END, end=START)
    with pytest.raises(generator.GeneratorError):
        generator.generate(10, branch_ids=[open_network.utrecht_neude.pk], start=START, end=END)
    with pytest.raises(generator.GeneratorError):
        generator.generate(0)
    with pytest.raises(CommandError):
        call_command("generate-registrations", "--count", "5", "--branches", "999999")
    call_command(
        "generate-registrations", "--count", "25", "--seed", "2", "--start", "2024-05-01",
        "--end", str(today - timedelta(days=1)), "--branches", str(open_network.zaandam.pk),
    )  # fmt: skip
    assert Question.objects.count() == 25
    assert set(Visit.objects.values_list("branch", flat=True)) == {open_network.zaandam.pk}
