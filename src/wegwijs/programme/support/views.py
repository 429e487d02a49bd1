"""Pages of the support area: the matrix of trajectories, one library's trajectory, the
catalogue of activities, and the Soob learning network. Every page works without JavaScript
(plain forms, POST-redirect-GET)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from wegwijs.core import uploads
from wegwijs.core.exports import table_response
from wegwijs.network.models import Organisation, Province
from wegwijs.programme import access
from wegwijs.programme.common import apply_errors, export_format
from wegwijs.programme.support import catalogue, exports, matrix, rules, services
from wegwijs.programme.support.forms import (
    ActivityForm,
    ItemForm,
    MaterialForm,
    MatrixFilterForm,
    MeetingFilterForm,
    MeetingForm,
    OfferForm,
    ParticipantsForm,
    PlanBasicForm,
)
from wegwijs.programme.support.models import (
    SoobMaterial,
    SoobMeeting,
    SupportActivityType,
    SupportItem,
)


# -- the matrix ---------------------------------------------------------------------------
def _matrix_selection(
    request: HttpRequest,
) -> tuple[MatrixFilterForm, QuerySet[Organisation], dict[str, Any]]:
    user = request.user
    catalogue.ensure()
    libraries = access.libraries(user).select_related("province", "poi").order_by("name")
    national = access.is_programme_office(user)
    form = MatrixFilterForm(
        request.GET or None,
        pois=Organisation.objects.pois().order_by("name") if national else None,
        provinces=Province.objects.filter(pk__in=libraries.values("province")).order_by("name"),
        activities=SupportActivityType.objects.filter(active=True).order_by(
            "tier", "position", "name"
        ),
    )
    chosen: dict[str, Any] = {"status": "", "activity": None}
    if form.is_valid():
        data = form.cleaned_data
        if data.get("poi"):
            libraries = libraries.filter(poi=data["poi"])
        if data.get("province"):
            libraries = libraries.filter(province=data["province"])
        chosen = {"status": data.get("status") or "", "activity": data.get("activity")}
    return form, libraries, chosen


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The overview: the libraries × activities matrix with its figures (POI consultants and
    the programme office); a coordinator goes to its own library's trajectory."""
    access.require(request.user)
    if access.is_coordinator(request.user):
        return redirect("programme:support:trajectory", slug=access.own_library(request.user).slug)
    form, libraries, chosen = _matrix_selection(request)
    grid = matrix.build(libraries, status=chosen["status"], activity=chosen["activity"])
    query = request.GET.urlencode()
    return render(
        request,
        "programme/support/index.html",
        {
            "form": form,
            "grid": grid,
            "query": query,
            "poi": access.poi_of(request.user),
            "filtered": bool(request.GET),
            "status_labels": matrix.STATUS_LABELS,
        },
    )


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    access.require(request.user)
    export_format(fmt)
    if access.is_coordinator(request.user):
        libraries = access.libraries(request.user).select_related("province", "poi")
        grid = matrix.build(libraries)
    else:
        _form, libraries, chosen = _matrix_selection(request)
        grid = matrix.build(libraries, status=chosen["status"], activity=chosen["activity"])
    stamp = timezone.localdate().isoformat()
    return table_response(f"ondersteuning-{stamp}", exports.sheets(grid), fmt)


# -- one library's trajectory -------------------------------------------------------------
@login_required
def trajectory(request: HttpRequest, slug: str) -> HttpResponse:
    library = access.library_or_403(request.user, slug)
    catalogue.ensure()
    grid = matrix.build([library])
    row = grid.rows[0]
    keeper = rules.can_keep_trajectory(request.user, library)
    missing_basic = [
        c for c in row.cells if c.activity.tier == "basic" and c.offered and c.item is None
    ]
    return render(
        request,
        "programme/support/trajectory.html",
        {
            "library": library,
            "row": row,
            "basic": [c for c in row.cells if c.activity.tier == "basic"],
            "extra": [c for c in row.cells if c.activity.tier == "extra"],
            "keeper": keeper,
            "plan_form": PlanBasicForm() if keeper and missing_basic else None,
            "missing_basic": len(missing_basic),
        },
    )


@login_required
@require_POST
def plan_basic(request: HttpRequest, slug: str) -> HttpResponse:
    library = access.library_or_403(request.user, slug)
    if not rules.can_keep_trajectory(request.user, library):
        raise PermissionDenied
    form = PlanBasicForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date of the intake to plan the basic trajectory."))
        return redirect("programme:support:trajectory", slug=library.slug)
    created = services.plan_basic(request.user, library, form.cleaned_data["start"])
    if created:
        messages.success(
            request,
            ngettext(
                "The basic trajectory is planned: %(n)s activity added.",
                "The basic trajectory is planned: %(n)s activities added.",
                len(created),
            )
            % {"n": len(created)},
        )
    else:
        messages.info(request, _("Every basic activity was already in the trajectory."))
    return redirect("programme:support:trajectory", slug=library.slug)


@login_required
def item_edit(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    library = access.library_or_403(request.user, slug)
    if not rules.can_keep_trajectory(request.user, library):
        raise PermissionDenied
    activity = get_object_or_404(
        SupportActivityType.objects.prefetch_related("provinces"), code=code
    )
    item = SupportItem.objects.filter(library=library, activity=activity).first()
    offered = item is not None or matrix.is_offered(activity, library.province_id)
    consultants = services.consultants_for(library)
    initial: dict[str, Any] = {}
    if item is not None:
        initial = {
            "planned_on": item.planned_on,
            "done_on": item.done_on,
            "consultant": item.consultant_id,
            "notes": item.notes,
        }
    elif access.is_poi(request.user):
        initial = {"consultant": request.user.pk}
    form = ItemForm(
        request.POST if request.method == "POST" else None,
        consultants=consultants,
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if "remove" in request.POST and item is not None:
            services.remove_item(request.user, item)
            messages.success(request, _("The activity was removed from the trajectory."))
            return redirect("programme:support:trajectory", slug=library.slug)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.save_item(
                    request.user,
                    library,
                    activity,
                    planned_on=data["planned_on"],
                    done_on=data["done_on"],
                    consultant=data["consultant"],
                    notes=data["notes"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The trajectory has been saved."))
                return redirect("programme:support:trajectory", slug=library.slug)
    return render(
        request,
        "programme/support/item_form.html",
        {
            "library": library,
            "activity": activity,
            "item": item,
            "form": form,
            "offered": offered,
            "not_offered_message": ""
            if offered
            else services.not_offered_message(activity, library),
        },
        status=status,
    )


# -- the catalogue ------------------------------------------------------------------------
@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    catalogue.ensure()
    return render(
        request,
        "programme/support/activity_list.html",
        {
            "activities": matrix.activities(include_inactive=True),
            "can_configure": rules.can_configure_catalogue(request.user),
            "national": access.is_programme_office(request.user),
        },
    )


@login_required
def activity_edit(request: HttpRequest, code: str) -> HttpResponse:
    if not rules.can_configure_catalogue(request.user):
        raise PermissionDenied
    activity = get_object_or_404(SupportActivityType, code=code)
    national = access.is_programme_office(request.user)
    provinces = rules.configurable_provinces(request.user).order_by("name")
    form = OfferForm(
        request.POST if request.method == "POST" else None,
        provinces=provinces,
        national=national,
        initial={
            "provinces": activity.provinces.filter(pk__in=provinces),
            "offered_everywhere": activity.offered_everywhere,
            "active": activity.active,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_offer(
                request.user,
                activity,
                form.cleaned_data["provinces"],
                offered_everywhere=form.cleaned_data.get("offered_everywhere"),
                active=form.cleaned_data.get("active"),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The offer has been saved."))
            return redirect("programme:support:activities")
    return render(
        request,
        "programme/support/activity_form.html",
        {"activity": activity, "form": form, "national": national},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    access.require_programme_office(request.user)
    form = ActivityForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_activity(request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The activity has been added."))
            return redirect("programme:support:activities")
    return render(
        request,
        "programme/support/activity_form.html",
        {"activity": None, "form": form, "national": True},
        status=400 if request.method == "POST" else 200,
    )


# -- the Soob learning network ------------------------------------------------------------
def _meeting_or_404(request: HttpRequest, pk: int) -> SoobMeeting:
    access.require(request.user)
    meeting = (
        SoobMeeting.objects.select_related("organiser").prefetch_related("provinces").filter(pk=pk)
    ).first()
    if meeting is None:
        raise Http404
    if not rules.visible_meetings(request.user).filter(pk=pk).exists():
        raise PermissionDenied
    return meeting


@login_required
def soob_list(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    meetings = rules.visible_meetings(request.user)
    form = MeetingFilterForm(
        request.GET or None,
        provinces=Province.objects.filter(
            pk__in=SoobMeeting.provinces.through.objects.filter(soobmeeting__in=meetings).values(
                "province"
            )
        ).order_by("name"),
    )
    today = timezone.localdate()
    if form.is_valid():
        if form.cleaned_data.get("province"):
            meetings = meetings.filter(provinces=form.cleaned_data["province"])
        when = form.cleaned_data.get("when")
        if when == "komend":
            meetings = meetings.filter(date__gte=today)
        elif when == "geweest":
            meetings = meetings.filter(date__lt=today)
    rows = list(
        meetings.select_related("organiser")
        .prefetch_related("provinces")
        .annotate(
            libraries=Count("participations", distinct=True),
            materials_count=Count("materials", distinct=True),
        )
        .order_by("-date", "topic")
    )
    people = dict(
        SoobMeeting.objects.filter(pk__in=[m.pk for m in rows])
        .annotate(n=Sum("participations__people"))
        .values_list("pk", "n")
    )
    for meeting in rows:
        meeting.people_total = people.get(meeting.pk) or 0  # type: ignore[attr-defined]
    return render(
        request,
        "programme/support/soob_list.html",
        {
            "form": form,
            "meetings": rows,
            "today": today,
            "can_create": rules.can_create_meeting(request.user),
        },
    )


def _meeting_form(request: HttpRequest, meeting: SoobMeeting | None) -> HttpResponse:
    user = request.user
    provinces = rules.configurable_provinces(user).order_by("name")
    organisers = rules.organisers(user).order_by("name")
    initial: dict[str, Any] = {}
    if meeting is not None:
        initial = {
            "topic": meeting.topic,
            "date": meeting.date,
            "starts_at": meeting.starts_at,
            "online": meeting.online,
            "place": meeting.place,
            "provinces": list(meeting.provinces.all()),
            "organiser": meeting.organiser_id,
            "description": meeting.description,
        }
        # A POI of one of the provinces may edit a meeting another POI organises.
        organisers = (
            Organisation.objects.pois()
            .filter(Q(pk__in=organisers.values("pk")) | Q(pk=meeting.organiser_id))
            .order_by("name")
        )
    else:
        poi = access.poi_of(user)
        if poi is not None:
            initial = {"organiser": poi.pk, "provinces": list(provinces)}
    form = MeetingForm(
        request.POST if request.method == "POST" else None,
        provinces=provinces,
        organisers=organisers,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = list(data["provinces"])
        if meeting is not None:  # provinces out of the user's reach stay as they were
            chosen += [p for p in meeting.provinces.all() if p not in provinces]
        try:
            saved = services.save_meeting(
                user,
                meeting,
                services.MeetingInput(
                    topic=data["topic"],
                    date=data["date"],
                    starts_at=data["starts_at"],
                    online=data["online"],
                    place=data["place"],
                    provinces=chosen,
                    organiser=data["organiser"],
                    description=data["description"],
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The meeting has been saved."))
            return redirect(saved.get_absolute_url())
    return render(
        request,
        "programme/support/soob_form.html",
        {"form": form, "meeting": meeting},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def soob_create(request: HttpRequest) -> HttpResponse:
    if not rules.can_create_meeting(request.user):
        raise PermissionDenied
    return _meeting_form(request, None)


@login_required
def soob_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not rules.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    return _meeting_form(request, meeting)


@login_required
@require_POST
def soob_delete(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    services.delete_meeting(request.user, meeting)
    messages.success(request, _("The meeting has been deleted."))
    return redirect("programme:support:soob")


@login_required
def soob_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    editable = rules.can_edit_meeting(request.user, meeting)
    participations = list(meeting.participations.select_related("library"))
    material_form = MaterialForm(prefix="materiaal") if editable else None
    return render(
        request,
        "programme/support/soob_detail.html",
        {
            "meeting": meeting,
            "participations": participations,
            "people_total": sum(p.people for p in participations),
            "materials": list(meeting.materials.all()),
            "editable": editable,
            "material_form": material_form,
        },
    )


@login_required
def soob_participants(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not rules.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    libraries = list(services.participant_candidates(meeting))
    current = {p.library_id: p.people for p in meeting.participations.all()}
    form = ParticipantsForm(
        request.POST if request.method == "POST" else None,
        libraries=libraries,
        initial={f"people_{lib_id}": n for lib_id, n in current.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            count = services.set_participants(request.user, meeting, form.people())
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                ngettext(
                    "The participants have been saved: %(n)s library.",
                    "The participants have been saved: %(n)s libraries.",
                    count,
                )
                % {"n": count},
            )
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "programme/support/soob_participants.html",
        {"meeting": meeting, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def material_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting_or_404(request, pk)
    if not rules.can_edit_meeting(request.user, meeting):
        raise PermissionDenied
    form = MaterialForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        prefix="materiaal",
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.add_material(
                request.user,
                meeting,
                title=data["title"],
                description=data["description"],
                upload=data["file"],
                url=data["url"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The material has been added."))
            return redirect(meeting.get_absolute_url())
    return render(
        request,
        "programme/support/material_form.html",
        {"meeting": meeting, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _material(request: HttpRequest, pk: int, material_pk: int) -> SoobMaterial:
    meeting = _meeting_or_404(request, pk)
    material = meeting.materials.filter(pk=material_pk).first()
    if material is None:
        raise Http404
    material.meeting = meeting
    return material


@login_required
def material_download(request: HttpRequest, pk: int, material_pk: int) -> HttpResponseBase:
    """The file of a material, for those who may see the meeting; never from a public URL."""
    material = _material(request, pk, material_pk)
    if material.is_link:
        return redirect(material.url)
    stored = material.file.name or ""
    return uploads.download_response(material.file, material.filename or stored.rsplit("/", 1)[-1])


@login_required
@require_POST
def material_delete(request: HttpRequest, pk: int, material_pk: int) -> HttpResponse:
    material = _material(request, pk, material_pk)
    services.delete_material(request.user, material)
    messages.success(request, _("The material has been deleted."))
    return redirect(reverse("programme:support:soob_detail", args=[pk]))
