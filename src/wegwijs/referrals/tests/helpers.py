"""Helpers for the referral tests. A small referral world: a partner with a service and an editor, a desk worker at Rotterdam
Centrum with a registered visit whose question was referred."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from wegwijs.accounts.models import Role, User
from wegwijs.desk import services as desk
from wegwijs.desk.models import Question
from wegwijs.desk.services import QuestionInput, VisitInput
from wegwijs.referrals import consent
from wegwijs.referrals.services import ReferralInput
from wegwijs.socialmap.models import Format, Schedule, Service
from wegwijs.socialmap.tests.factories import (
    LocationFactory,
    PhoneFactory,
    ScheduleFactory,
    ServiceAtLocationFactory,
    ServiceFactory,
    SocialOrganizationFactory,
)
from wegwijs.testing.network import Network, user_for

NAME = "Jan Jansen"
PHONE = "06 12345678"
EMAIL = "jan.jansen@example.nl"
SUMMARY = "Hulp nodig bij bezwaar tegen de terugvordering van huurtoeslag."


@dataclass
class World:
    network: Network
    desk_worker: User
    partner_editor: User
    service: Service
    question: Question

    def warm_input(self, **overrides: Any) -> ReferralInput:
        data = ReferralInput(
            kind="warm",
            service_id=self.service.pk,
            question_id=self.question.pk,
            consent=True,
            consent_version=consent.CURRENT_VERSION,
            contact_name=NAME,
            contact_phone=PHONE,
            contact_email=EMAIL,
            summary=SUMMARY,
        )
        for key, value in overrides.items():
            setattr(data, key, value)
        return data


def register_question(user: User, branch_id: int, help_given: str = "doorverwezen") -> Question:
    visit = desk.register_visit(
        user,
        VisitInput(
            branch_id=branch_id,
            occurred_at=timezone.now() - timedelta(minutes=5),
            channel="balie",
            duration="10-30",
            questions=[
                QuestionInput(
                    theme="toeslagen",
                    organisation="toeslagen",
                    help_given=help_given,
                    referral_target="sociaal-raadslieden" if help_given == "doorverwezen" else "",
                )
            ],
        ),
    )
    return visit.questions.get()


def partner_service(owner: Any, **kwargs: Any) -> Service:
    organization = SocialOrganizationFactory(
        owner=owner, name="Sociaal Raadslieden Rotterdam", email="info@raadslieden.example"
    )
    PhoneFactory(organization=organization, number="010 123 4567")
    service = ServiceFactory(
        organization=organization,
        name="Hulp bij brieven en formulieren",
        themes=["toeslagen", "geldzaken"],
        format=Format.SPREEKUUR,
        **kwargs,
    )
    at = ServiceAtLocationFactory(
        service=service, location=LocationFactory(organization=organization)
    )
    ScheduleFactory(service_at_location=at, byday="FR", opens_at=time(9), closes_at=time(12))
    return service


def build_world(network: Network) -> World:
    desk_worker = user_for(Role.DESK_WORKER, network, email="mila@bieb.example")
    editor = user_for(Role.PARTNER_EDITOR, network, email="fatma@raadslieden.example")
    service = partner_service(network.partner)
    question = register_question(desk_worker, network.rotterdam_centrum.pk)
    return World(network, desk_worker, editor, service, question)


def course_service(owner: Any, capacity: int = 2) -> tuple[Service, Schedule, date]:
    organization = SocialOrganizationFactory(owner=owner, name="Bibliotheek Rotterdam")
    service = ServiceFactory(
        organization=organization,
        name="Digisterker",
        themes=["digid", "digitale-vaardigheden"],
        format=Format.CURSUS,
        access="aanmelden",
        capacity=capacity,
        intake_required=True,
    )
    at = ServiceAtLocationFactory(
        service=service, location=LocationFactory(organization=organization)
    )
    day = timezone.localdate() + timedelta(days=10)
    schedule = ScheduleFactory(
        service_at_location=at,
        freq="",
        byday="",
        dtstart=day,
        opens_at=time(14),
        closes_at=time(16),
    )
    return service, schedule, day
