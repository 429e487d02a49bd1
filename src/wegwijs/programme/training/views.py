"""Pages of the training area: the overview (figures per library, province, POI), a library's
branches and people, a person's trainings, sessions with attendance, and the settings. Every
page works without JavaScript (plain forms, POST-redirect-GET)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.core.exports import table_response
from wegwijs.network.models import Branch, Organisation, Province
from wegwijs.programme import access
from wegwijs.programme.common import PoiProvinceFilterForm, apply_errors, export_format
from wegwijs.programme.training import (
    catalogue,
    exports,
    figures,
    retention,
    rules,
    services,
)
from wegwijs.programme.training.forms import (
    AttendanceForm,
    PersonForm,
    PolicyForm,
    SessionForm,
    TrainingTypeForm,
)
from wegwijs.programme.training.models import (
    TrainingPerson,
    TrainingPolicy,
    TrainingRecord,
    TrainingSession,
    TrainingType,
)


def _trainings() -> list[TrainingType]:
    catalogue.ensure()
    return list(TrainingType.objects.filter(active=True).order_by("position", "name"))


# -- overview -----------------------------------------------------------------------------
def _selection(request: HttpRequest) -> tuple[PoiProvinceFilterForm, QuerySet[Organisation]]:
    libraries = access.libraries(request.user).select_related("province", "poi").order_by("name")
    national = access.is_programme_office(request.user)
    form = PoiProvinceFilterForm(
        request.GET or None,
        pois=Organisation.objects.pois().order_by("name") if national else None,
        provinces=Province.objects.filter(pk__in=libraries.values("province")).order_by("name"),
    )
    if form.is_valid():
        if form.cleaned_data.get("poi"):
            libraries = libraries.filter(poi=form.cleaned_data["poi"])
        if form.cleaned_data.get("province"):
            libraries = libraries.filter(province=form.cleaned_data["province"])
    return form, libraries


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The overview: counts per library (and per province and POI for the programme office);
    a coordinator goes to its own library's page."""
    access.require(request.user)
    if access.is_coordinator(request.user):
        return redirect("programme:training:library", slug=access.own_library(request.user).slug)
    _trainings()
    form, libraries = _selection(request)
    library_figures = figures.library_figures(libraries)
    national = access.is_programme_office(request.user)
    return render(
        request,
        "programme/training/index.html",
        {
            "form": form,
            "figures": library_figures,
            "total": figures.total(library_figures, _("Total")),
            "provinces": figures.aggregate(library_figures, "province") if national else [],
            "pois": figures.aggregate(library_figures, "poi") if national else [],
            "policy": TrainingPolicy.current(),
            "required": figures.required_trainings(),
            "national": national,
            "query": request.GET.urlencode(),
            "filtered": bool(request.GET),
        },
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    access.require(request.user)
    export_format(fmt)
    _trainings()
    _form, libraries = _selection(request)
    sheets = exports.figure_sheets(figures.library_figures(libraries))
    return table_response(f"training-{timezone.localdate().isoformat()}", sheets, fmt)


# -- one library --------------------------------------------------------------------------
@login_required
def library(request: HttpRequest, slug: str) -> HttpResponse:
    lib = access.library_or_403(request.user, slug)
    trainings = _trainings()
    figure = figures.library_figures([lib])[0]
    names = rules.may_see_names(request.user, lib)
    people: list[TrainingPerson] = []
    trained: set[int] = set()
    records: dict[tuple[int, int], TrainingRecord] = {}
    if names:
        show_left = request.GET.get("vertrokken") == "1"
        qs = (
            TrainingPerson.objects.filter(library=lib)
            .select_related("user")
            .prefetch_related("branches")
        )
        if not show_left:
            qs = qs.filter(left_on__isnull=True)
        people = sorted(qs, key=lambda p: p.display_name.lower())
        trained = figures.trained_ids(
            [p.pk for p in people if p.active], figures.required_trainings()
        )
        records = {
            (r.person_id, r.training_id): r
            for r in TrainingRecord.objects.filter(person__in=[p.pk for p in people])
        }
    rows = [
        (person, person.pk in trained, [records.get((person.pk, t.pk)) for t in trainings])
        for person in people
    ]
    return render(
        request,
        "programme/training/library.html",
        {
            "library": lib,
            "national": access.is_programme_office(request.user),
            "figure": figure,
            "policy": TrainingPolicy.current(),
            "required": figures.required_trainings(),
            "names": names,
            "keeper": rules.may_keep_people(request.user, lib),
            "trainings": trainings,
            "rows": rows,
            "show_left": request.GET.get("vertrokken") == "1",
            "left_count": TrainingPerson.objects.filter(library=lib, left_on__isnull=False).count()
            if names
            else 0,
            "keep_days": retention.keep_days(),
        },
    )


@login_required
def library_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    """The library's branch figures; with names only for its coordinator and its POI."""
    lib = access.library_or_403(request.user, slug)
    export_format(fmt)
    trainings = _trainings()
    sheets = exports.figure_sheets(figures.library_figures([lib]))
    if request.GET.get("mensen") == "1":
        if not rules.may_see_names(request.user, lib):
            raise PermissionDenied
        people = list(
            TrainingPerson.objects.filter(library=lib)
            .select_related("user")
            .prefetch_related("branches")
            .order_by("name", "pk")
        )
        trained = figures.trained_ids(
            [p.pk for p in people if p.active], figures.required_trainings()
        )
        sheets = [exports.people_sheet(people, trainings, trained), *sheets]
        name = f"training-mensen-{lib.slug}"
    else:
        name = f"training-{lib.slug}"
    return table_response(name, sheets, fmt)


# -- people -------------------------------------------------------------------------------
def _person_page(
    request: HttpRequest, lib: Organisation, person: TrainingPerson | None
) -> HttpResponse:
    if not rules.may_keep_people(request.user, lib):
        raise PermissionDenied
    trainings = _trainings()
    initial: dict[str, Any] = {"active": True}
    if person is not None:
        initial = {
            "user": person.user_id,
            "name": person.name,
            "role": person.role,
            "branches": list(person.branches.all()),
            "active": person.active,
        }
        for record in person.records.all():
            initial[f"started_{record.training_id}"] = record.started_on
            initial[f"completed_{record.training_id}"] = record.completed_on
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        accounts=services.account_choices(lib, person),
        branches=Branch.objects.filter(organisation=lib).order_by("name"),
        trainings=trainings,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_person(
                request.user,
                lib,
                person,
                services.PersonInput(
                    role=data["role"],
                    name=data["name"],
                    user=data["user"],
                    branches=list(data["branches"]),
                    active=data["active"],
                ),
                form.records(),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The training record has been saved."))
            return redirect("programme:training:library", slug=lib.slug)
    return render(
        request,
        "programme/training/person_form.html",
        {"library": lib, "person": person, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def person_create(request: HttpRequest, slug: str) -> HttpResponse:
    return _person_page(request, access.library_or_403(request.user, slug), None)


def _person_or_403(request: HttpRequest, pk: int) -> TrainingPerson:
    access.require(request.user)
    person = (
        TrainingPerson.objects.select_related("library__province", "user").filter(pk=pk).first()
    )
    if person is None:
        raise Http404
    if not rules.may_keep_people(request.user, person.library):
        raise PermissionDenied
    return person


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_403(request, pk)
    return _person_page(request, person.library, person)


@login_required
@require_POST
def person_delete(request: HttpRequest, pk: int) -> HttpResponse:
    person = _person_or_403(request, pk)
    slug = person.library.slug
    services.delete_person(request.user, person)
    messages.success(request, _("The training record has been deleted."))
    return redirect("programme:training:library", slug=slug)


# -- sessions -----------------------------------------------------------------------------
@login_required
def session_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    _trainings()
    sessions = (
        rules.visible_sessions(request.user)
        .select_related("training", "organiser")
        .annotate(attended=Count("attendances"))
        .order_by("-date", "training__position")
    )
    return render(
        request,
        "programme/training/session_list.html",
        {
            "sessions": sessions,
            "today": timezone.localdate(),
            "national": access.is_programme_office(request.user),
        },
    )


def _session_form(request: HttpRequest, session: TrainingSession | None) -> HttpResponse:
    _trainings()
    organisers = rules.session_organisers(request.user).order_by("name")
    initial: dict[str, Any] = {}
    if session is not None:
        initial = {
            "training": session.training_id,
            "date": session.date,
            "starts_at": session.starts_at,
            "place": session.place,
            "given_by": session.given_by,
            "organiser": session.organiser_id,
        }
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        organisers=organisers,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_session(
                request.user,
                session,
                services.SessionInput(
                    training=data["training"],
                    date=data["date"],
                    starts_at=data["starts_at"],
                    place=data["place"],
                    given_by=data["given_by"],
                    organiser=data["organiser"],
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The session has been saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "programme/training/session_form.html",
        {"form": form, "session": session},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_create(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    if not rules.session_organisers(request.user).exists():
        raise PermissionDenied
    return _session_form(request, None)


def _session_or_403(request: HttpRequest, pk: int) -> TrainingSession:
    access.require(request.user)
    session = TrainingSession.objects.select_related("training", "organiser").filter(pk=pk).first()
    if session is None:
        raise Http404
    if not rules.visible_sessions(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return session


@login_required
def session_edit(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_403(request, pk)
    if not rules.can_edit_session(request.user, session):
        raise PermissionDenied
    return _session_form(request, session)


@login_required
@require_POST
def session_delete(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_403(request, pk)
    services.delete_session(request.user, session)
    messages.success(request, _("The session has been deleted."))
    return redirect("programme:training:sessions")


@login_required
def session(request: HttpRequest, pk: int) -> HttpResponse:
    """A session: its details, who attended (names only of the people the user may see by
    name, the rest as a count), and the bulk "mark these people as attended"."""
    item = _session_or_403(request, pk)
    people = list(
        rules.attendable_people(request.user, item)
        .select_related("library")
        .order_by("library__name", "name", "pk")
    )
    people.sort(key=lambda p: (p.library.name, p.display_name.lower()))
    attended_ids = set(item.attendances.values_list("person_id", flat=True))
    form = AttendanceForm(
        request.POST if request.method == "POST" else None,
        people=people,
        initial={"people": [str(p.pk) for p in people if p.pk in attended_ids]},
    )
    if request.method == "POST" and not people:
        raise PermissionDenied
    if request.method == "POST" and form.is_valid():
        try:
            added, removed = services.set_attendance(request.user, item, form.person_ids())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Attendance saved: %(added)s added, %(removed)s taken off.")
                % {"added": added, "removed": removed},
            )
            return redirect(item.get_absolute_url())
    named = rules.visible_people(request.user).filter(attendances__session=item)
    named_list = sorted(
        named.select_related("user", "library"), key=lambda p: (p.library.name, p.display_name)
    )
    return render(
        request,
        "programme/training/session.html",
        {
            "session": item,
            "form": form if people else None,
            "named": named_list,
            "attended_total": len(attended_ids),
            "others": len(attended_ids) - len(named_list),
            "editable": rules.can_edit_session(request.user, item),
            "future": item.date > timezone.localdate(),
        },
        status=400 if request.method == "POST" else 200,
    )


# -- settings -----------------------------------------------------------------------------
@login_required
def settings_page(request: HttpRequest) -> HttpResponse:
    access.require_programme_office(request.user)
    _trainings()
    policy = TrainingPolicy.current()
    form = PolicyForm(
        request.POST if request.method == "POST" and "threshold" in request.POST else None,
        initial={
            "threshold": policy.min_trained_per_hour,
            "required": TrainingType.objects.filter(required=True),
            "active": TrainingType.objects.filter(active=True),
        },
    )
    add_form = TrainingTypeForm(
        request.POST if request.method == "POST" and "nieuw-kind" in request.POST else None,
        prefix="nieuw",
    )
    if request.method == "POST" and form.is_bound and form.is_valid():
        try:
            services.save_policy(
                request.user,
                threshold=form.cleaned_data["threshold"],
                required=form.cleaned_data["required"],
                active=form.cleaned_data["active"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The training settings have been saved."))
            return redirect("programme:training:settings")
    if request.method == "POST" and add_form.is_bound and add_form.is_valid():
        try:
            services.create_training(request.user, **add_form.cleaned_data)
        except ValidationError as exc:
            apply_errors(add_form, exc)
        else:
            messages.success(request, _("The training has been added."))
            return redirect("programme:training:settings")
    return render(
        request,
        "programme/training/settings.html",
        {"form": form, "add_form": add_form, "policy": policy},
        status=400 if request.method == "POST" else 200,
    )
