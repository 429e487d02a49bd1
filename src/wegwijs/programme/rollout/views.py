"""Rollout pages: progress (national, per province, on a map), coverage per municipality,
the libraries, waves and checklist steps, a library's plan and checklist, and what is behind
schedule. Every page works without JavaScript; forms post and redirect."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.accounts import scoping
from wegwijs.core import uploads
from wegwijs.core.exports import Sheet, table_response
from wegwijs.network.models import Municipality, Organisation, Province, Wave
from wegwijs.programme import access
from wegwijs.programme.common import apply_errors, export_format
from wegwijs.programme.rollout import charts, services
from wegwijs.programme.rollout import progress as rp
from wegwijs.programme.rollout.forms import (
    MunicipalityFilterForm,
    PlanForm,
    ProgressForm,
    ScopeFilterForm,
    StepForm,
    WaveForm,
)
from wegwijs.programme.rollout.models import (
    LibraryRollout,
    RolloutStep,
    RolloutStepProgress,
    RolloutWave,
)

MUNICIPALITY_PAGE = 100
LIBRARY_PAGE = 100


# -- who sees which part of the country --------------------------------------------------
def provinces_in_sight(user: Any) -> QuerySet[Province]:
    """Every province for the programme office, its provinces for a POI consultant, the
    library's province for a coordinator."""
    scope = scoping.scope_for(user)
    if access.is_programme_office(user):
        return Province.objects.all()
    if access.is_poi(user):
        return Province.objects.filter(code__in=scope.province_codes)
    if access.is_coordinator(user):
        return Province.objects.filter(libraries__pk=scope.org_id)
    return Province.objects.none()


def _require_overview(request: HttpRequest) -> None:
    """The overviews are for the programme office and POI consultants."""
    access.require(request.user)
    if access.is_coordinator(request.user):
        raise PermissionDenied(_("This overview is for the programme office and POIs."))


@dataclass
class Selection:
    form: ScopeFilterForm
    libraries: QuerySet[Organisation]
    provinces: list[Province]
    province: Province | None
    poi: Organisation | None

    @property
    def national(self) -> bool:
        """The whole country without a filter: the waves' targets apply."""
        return self.province is None and self.poi is None

    def query(self) -> str:
        params = {}
        if self.province is not None:
            params["province"] = self.province.code
        if self.poi is not None:
            params["poi"] = self.poi.slug
        from urllib.parse import urlencode

        return urlencode(params)


def _selection(request: HttpRequest, *, with_poi: bool = True) -> Selection:
    """The libraries of the page: the user's, narrowed by ``province`` (and ``poi``, for the
    programme office). A province out of sight is a 403; an unknown one a 404."""
    user = request.user
    provinces = list(provinces_in_sight(user))
    national = access.is_programme_office(user)
    pois = list(Organisation.objects.pois().order_by("name")) if national and with_poi else None
    form = ScopeFilterForm(request.GET or None, provinces=provinces, pois=pois)
    libraries = access.libraries(user)
    province = poi = None
    code = request.GET.get("province", "")
    if code:
        province = next((p for p in provinces if p.code == code), None)
        if province is None:
            if Province.objects.filter(code=code).exists():
                raise PermissionDenied
            raise Http404
        libraries = libraries.filter(province=province)
    slug = request.GET.get("poi", "") if pois is not None else ""
    if slug:
        poi = next((p for p in pois or [] if p.slug == slug), None)
        if poi is None:
            raise Http404
        libraries = libraries.filter(province__in=poi.provinces.all())
    return Selection(form, libraries, provinces, province, poi)


def _render(
    request: HttpRequest, template: str, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    """``render`` with what every rollout page needs (the area's navigation)."""
    context["overview"] = not access.is_coordinator(request.user)
    return render(request, template, context, status=status)


def _query(request: HttpRequest) -> str:
    """The page's query string without the page number (for the export links)."""
    query = request.GET.copy()
    query.pop("pagina", None)
    return query.urlencode()


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


# -- progress ----------------------------------------------------------------------------
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Progress: planned and opened per wave (chart and table), per province, the selection
    criteria per wave, and the branches on a map with a list."""
    access.require(request.user)
    if access.is_coordinator(request.user):
        return redirect("programme:rollout:library", slug=access.own_library(request.user).slug)
    selection = _selection(request)
    today = timezone.localdate()
    rows = rp.library_rows(selection.libraries, today)
    progress = rp.progress(rows, national=selection.national)
    municipalities = Municipality.objects.filter(province__in=selection.provinces)
    if selection.province is not None:
        municipalities = municipalities.filter(province=selection.province)
    if selection.poi is not None:
        municipalities = municipalities.filter(province__in=selection.poi.provinces.all())
    coverage = {
        c.province.pk: c
        for c in rp.coverage_by_province(rp.municipality_rows(municipalities, today))
    }
    covered = sum(c.covered for c in coverage.values())
    all_municipalities = sum(c.municipalities for c in coverage.values())
    branches = rp.branch_rows(rows)
    title = _("Planned and opened per wave")
    return _render(
        request,
        "programme/rollout/index.html",
        {
            "selection": selection,
            "progress": progress,
            "chart": charts.wave_bars(progress, title),
            "chart_title": title,
            "wave_rows": [(w, progress.planned_of(w)) for w in progress.waves],
            "province_rows": [(p, coverage.get(p.province.pk)) for p in progress.provinces],
            "selection_columns": rp.SELECTION_COLUMNS,
            "selection_rows": [(w, rp.selection_cells(w)) for w in progress.waves],
            "covered": covered,
            "municipalities": all_municipalities,
            "coverage_share": round(100 * covered / all_municipalities)
            if all_municipalities
            else 0,
            "behind_libraries": sorted(
                (
                    (r, (today - r.planned_opening).days)
                    for r in rows
                    if r.status == rp.Status.BEHIND and r.planned_opening is not None
                ),
                key=lambda item: (-item[1], item[0].library.name),
            ),
            "branches": branches,
            "map_points": rp.map_points(branches),
            "status_labels": rp.STATUS_LABELS,
            "can_edit_waves": services.can_edit_waves(request.user),
            "query": selection.query(),
        },
    )


@login_required
def export(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """The progress page's tables as CSV or XLSX: waves, provinces, libraries, branches."""
    export_format(fmt)
    _require_overview(request)
    selection = _selection(request)
    today = timezone.localdate()
    rows = rp.library_rows(selection.libraries, today)
    if table == "waves":
        progress = rp.progress(rows, national=selection.national)
        sheet = Sheet(
            _("Waves"),
            [
                _("Wave"),
                _("Planned start"),
                _("Planned number"),
                _("Libraries"),
                _("Opened"),
                _("Planned"),
                _("Behind schedule"),
                _("No date yet"),
            ],
            [
                [
                    w.label,
                    _iso(w.wave.planned_start if w.wave else None),
                    w.target if w.target is not None else "",
                    w.counts.libraries,
                    w.counts.opened,
                    w.counts.planned,
                    w.counts.behind,
                    w.counts.unplanned,
                ]
                for w in progress.waves
            ],
        )
    elif table == "provinces":
        progress = rp.progress(rows, national=selection.national)
        sheet = Sheet(
            _("Provinces"),
            [
                _("Province"),
                _("Libraries"),
                _("Opened"),
                _("Planned"),
                _("Behind schedule"),
                _("No date yet"),
            ],
            [
                [
                    p.province.name,
                    p.counts.libraries,
                    p.counts.opened,
                    p.counts.planned,
                    p.counts.behind,
                    p.counts.unplanned,
                ]
                for p in progress.provinces
            ],
        )
    elif table == "libraries":
        rows, _wave, _status = _filter_libraries(request, rows)
        done = _steps_done(selection.libraries)
        total = RolloutStep.objects.filter(active=True).count()
        sheet = Sheet(
            _("Libraries"),
            [
                _("Library organisation"),
                _("Province"),
                _("POI"),
                _("Wave"),
                _("Planned opening"),
                _("Actual opening"),
                _("Status"),
                _("Kind of area"),
                _("Cooperation with local partners"),
                _("Steps done"),
                _("Steps"),
            ],
            [
                [
                    r.library.name,
                    r.library.province.name if r.library.province else "",
                    r.library.poi.name if r.library.poi else "",
                    services.wave_label(r.library.wave),
                    _iso(r.planned_opening),
                    _iso(r.actual_opening),
                    r.status_label,
                    r.plan.get_area_kind_display() if r.plan else "",
                    r.plan.get_partner_cooperation_display() if r.plan else "",
                    done.get(r.library.pk, 0),
                    total,
                ]
                for r in rows
            ],
        )
    elif table == "branches":
        sheet = Sheet(
            _("Branches"),
            [_("Branch"), _("Library organisation"), _("Place"), _("Municipality"), _("Status")],
            [
                [
                    b.branch.name,
                    b.branch.organisation.name,
                    b.branch.place,
                    b.branch.municipality.name if b.branch.municipality else "",
                    b.status_label,
                ]
                for b in rp.branch_rows(rows)
            ],
        )
    else:
        raise Http404
    return table_response(f"uitrol-{table}", [sheet], fmt)


def _steps_done(libraries: QuerySet[Organisation]) -> dict[int, int]:
    return dict(
        RolloutStepProgress.objects.filter(
            library__in=libraries.values("pk"), step__active=True, done_on__isnull=False
        )
        .order_by()
        .values("library_id")
        .annotate(n=Count("pk"))
        .values_list("library_id", "n")
    )


# -- coverage per municipality -----------------------------------------------------------
def _coverage(request: HttpRequest) -> tuple[MunicipalityFilterForm, list[rp.MunicipalityRow]]:
    _require_overview(request)
    provinces = list(provinces_in_sight(request.user))
    form = MunicipalityFilterForm(request.GET or None, provinces=provinces)
    code = request.GET.get("province", "")
    if code and code not in {p.code for p in provinces}:
        if Province.objects.filter(code=code).exists():
            raise PermissionDenied
        raise Http404
    municipalities = Municipality.objects.filter(province__in=provinces)
    rows = rp.municipality_rows(municipalities, timezone.localdate())
    if form.is_valid():
        data = form.cleaned_data
        if data["province"]:
            rows = [r for r in rows if r.municipality.province.code == data["province"]]
        if data["q"]:
            q = data["q"].strip().lower()
            rows = [
                r
                for r in rows
                if q in r.municipality.name.lower() or r.municipality.code.startswith(q)
            ]
        if data["coverage"]:
            rows = [r for r in rows if r.coverage == data["coverage"]]
    return form, rp.sort_municipalities(rows, _sort(request))


def _sort(request: HttpRequest) -> str:
    """The table's order (``name``, ``-name``, ``province``...; anything else: by name)."""
    sort = request.GET.get("sort", "name")
    return sort if sort.lstrip("-") in rp.SORTS else "name"


@login_required
def coverage(request: HttpRequest) -> HttpResponse:
    """Municipalities with at least one open Informatiepunt, per province, and a searchable,
    sortable table of the municipalities."""
    form, rows = _coverage(request)
    provinces = list(provinces_in_sight(request.user))
    all_rows = rp.municipality_rows(
        Municipality.objects.filter(province__in=provinces), timezone.localdate()
    )
    per_province = rp.coverage_by_province(all_rows)
    page = Paginator(rows, MUNICIPALITY_PAGE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    sort = _sort(request)
    sort_links = []
    for key, label in (
        ("name", _("Municipality")),
        ("province", _("Province")),
        ("coverage", _("Informatiepunt")),
        ("branches", _("Open")),
    ):
        params = query.copy()
        params["sort"] = f"-{key}" if sort == key else key
        current = "ascending" if sort == key else "descending" if sort == f"-{key}" else ""
        sort_links.append((key, label, params.urlencode(), current))
    query_no_sort = query.copy()
    return _render(
        request,
        "programme/rollout/coverage.html",
        {
            "form": form,
            "page": page,
            "total": len(rows),
            "per_province": per_province,
            "covered": sum(p.covered for p in per_province),
            "municipalities": sum(p.municipalities for p in per_province),
            "sort_links": sort_links,
            "query": query_no_sort.urlencode(),
        },
    )


@login_required
def coverage_export(request: HttpRequest, fmt: str) -> HttpResponse:
    export_format(fmt)
    _form, rows = _coverage(request)
    sheet = Sheet(
        _("Municipalities"),
        [
            _("CBS code"),
            _("Municipality"),
            _("Province"),
            _("Branches with an open Informatiepunt"),
            _("Branches with an Informatiepunt to come"),
            _("Informatiepunt"),
        ],
        [
            [
                r.municipality.code,
                r.municipality.name,
                r.municipality.province.name,
                r.open_branches,
                r.other_branches,
                r.coverage_label,
            ]
            for r in rows
        ],
    )
    return table_response("uitrol-gemeenten", [sheet], fmt)


# -- behind schedule ---------------------------------------------------------------------
def _behind(request: HttpRequest) -> tuple[Selection, list[rp.BehindItem]]:
    _require_overview(request)
    selection = _selection(request)
    today = timezone.localdate()
    return selection, rp.behind(rp.library_rows(selection.libraries, today), today)


@login_required
def behind(request: HttpRequest) -> HttpResponse:
    """Openings and checklist steps past their date, most overdue first."""
    selection, items = _behind(request)
    page = Paginator(items, 100).get_page(request.GET.get("pagina"))
    return _render(
        request,
        "programme/rollout/behind.html",
        {
            "selection": selection,
            "page": page,
            "total": len(items),
            "libraries": len({i.library.pk for i in items}),
            "query": selection.query(),
        },
    )


@login_required
def behind_export(request: HttpRequest, fmt: str) -> HttpResponse:
    export_format(fmt)
    _sel, items = _behind(request)
    sheet = Sheet(
        _("Behind schedule"),
        [
            _("Library organisation"),
            _("Province"),
            _("What"),
            _("Step"),
            _("Due"),
            _("Days overdue"),
            _("Note"),
        ],
        [
            [
                i.library.name,
                i.library.province.name if i.library.province else "",
                i.kind_label,
                i.what,
                i.due.isoformat(),
                i.days,
                i.hint,
            ]
            for i in items
        ],
    )
    return table_response("uitrol-achterstand", [sheet], fmt)


# -- libraries ---------------------------------------------------------------------------
def _filter_libraries(
    request: HttpRequest, rows: list[rp.LibraryRow]
) -> tuple[list[rp.LibraryRow], str, str]:
    """``wave`` and ``status`` of the libraries page (unknown values: 404)."""
    wave = request.GET.get("wave", "")
    if wave:
        if wave not in Wave.values:
            raise Http404
        rows = [r for r in rows if r.library.wave == wave]
    status = request.GET.get("status", "")
    if status:
        if status not in rp.STATUS_LABELS:
            raise Http404
        rows = [r for r in rows if r.status == status]
    return rows, wave, status


@login_required
def libraries(request: HttpRequest) -> HttpResponse:
    """The libraries in sight with wave, dates, status and checklist progress."""
    _require_overview(request)
    selection = _selection(request, with_poi=False)
    today = timezone.localdate()
    rows = rp.library_rows(selection.libraries, today)
    rows, wave, status = _filter_libraries(request, rows)
    done = _steps_done(selection.libraries)
    page = Paginator([(r, done.get(r.library.pk, 0)) for r in rows], LIBRARY_PAGE).get_page(
        request.GET.get("pagina")
    )
    return _render(
        request,
        "programme/rollout/libraries.html",
        {
            "selection": selection,
            "page": page,
            "total": len(rows),
            "steps": RolloutStep.objects.filter(active=True).count(),
            "waves": Wave.choices,
            "wave": wave,
            "statuses": list(rp.STATUS_LABELS.items()),
            "status": status,
            "query": _query(request),
        },
    )


# -- waves -------------------------------------------------------------------------------
@login_required
def waves(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    items = list(RolloutWave.objects.all())
    missing = [c for c in Wave.values if c not in {w.code for w in items}]
    return _render(
        request,
        "programme/rollout/waves.html",
        {
            "waves": items,
            "can_edit": services.can_edit_waves(request.user),
            "can_add": bool(missing),
        },
    )


@login_required
def wave_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    access.require_programme_office(request.user)
    wave = get_object_or_404(RolloutWave, code=code) if code is not None else None
    codes = (
        None
        if wave is not None
        else [c for c in Wave.values if not RolloutWave.objects.filter(code=c).exists()]
    )
    initial: dict[str, Any] = {}
    if wave is not None:
        initial = {
            "planned_libraries": wave.planned_libraries,
            "planned_start": wave.planned_start,
            "description": wave.description,
            "selection_criteria": wave.selection_criteria,
        }
    form = WaveForm(request.POST or None, codes=codes, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_wave(
                request.user,
                services.WaveInput(
                    code=data.get("code", ""),
                    planned_libraries=data["planned_libraries"],
                    planned_start=data["planned_start"],
                    description=data["description"],
                    selection_criteria=data["selection_criteria"],
                ),
                wave,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan of wave %(wave)s is saved.") % {"wave": saved})
            return redirect("programme:rollout:waves")
    return _render(
        request,
        "programme/rollout/wave_form.html",
        {"form": form, "wave": wave},
        status=400 if request.method == "POST" else 200,
    )


# -- checklist steps ---------------------------------------------------------------------
@login_required
def steps(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    can_edit = services.can_edit_waves(request.user)
    items = RolloutStep.objects.all() if can_edit else RolloutStep.objects.filter(active=True)
    return _render(
        request,
        "programme/rollout/steps.html",
        {"steps": list(items), "can_edit": can_edit},
    )


@login_required
def step_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.require_programme_office(request.user)
    step = get_object_or_404(RolloutStep, pk=pk) if pk is not None else None
    initial: dict[str, Any] = {"active": True, "due_offset_days": 0}
    if step is not None:
        initial = {
            "title": step.title,
            "description": step.description,
            "due_offset_days": step.due_offset_days,
            "suggestion": step.suggestion,
            "active": step.active,
        }
    form = StepForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_step(
                request.user,
                services.StepInput(
                    title=data["title"],
                    description=data["description"],
                    due_offset_days=data["due_offset_days"],
                    suggestion=data["suggestion"] or "",
                    active=data["active"],
                ),
                step,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Step '%(step)s' is saved.") % {"step": saved.title})
            return redirect("programme:rollout:steps")
    return _render(
        request,
        "programme/rollout/step_form.html",
        {"form": form, "step": step},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def step_move(request: HttpRequest, pk: int) -> HttpResponse:
    access.require_programme_office(request.user)
    step = get_object_or_404(RolloutStep, pk=pk)
    try:
        services.move_step(request.user, step, request.POST.get("direction", ""))
    except ValidationError:
        messages.error(request, _("Choose up or down."))
    return redirect(f"{reverse('programme:rollout:steps')}#step-{step.pk}")


# -- one library: plan and checklist -----------------------------------------------------
@login_required
def library(request: HttpRequest, slug: str) -> HttpResponse:
    access.require(request.user)
    org = access.library_or_403(request.user, slug)
    today = timezone.localdate()
    plan = LibraryRollout.objects.filter(library=org).first()
    wave = RolloutWave.objects.filter(code=org.wave).first()
    items = rp.checklist(org, today)
    return _render(
        request,
        "programme/rollout/library.html",
        {
            "library": org,
            "plan": plan,
            "wave": wave,
            "wave_label": services.wave_label(org.wave),
            "status": rp.status_of(plan, today),
            "status_label": rp.STATUS_LABELS[rp.status_of(plan, today)],
            "region": rp.REGIONS.get(
                rp.REGION_OF_PROVINCE.get(org.province.code if org.province else "", ""), ""
            ),
            "items": items,
            "done": sum(1 for i in items if i.done_on),
            "can_edit_plan": services.can_edit_plan(request.user, org),
            "can_tick": services.can_tick(request.user, org),
            "today": today,
        },
    )


@login_required
def plan_edit(request: HttpRequest, slug: str) -> HttpResponse:
    access.require(request.user)
    org = access.library_or_403(request.user, slug)
    if not services.can_edit_plan(request.user, org):
        raise PermissionDenied(_("The programme office and the POI keep the plan."))
    plan = LibraryRollout.objects.filter(library=org).first()
    can_change_wave = access.is_programme_office(request.user)
    initial: dict[str, Any] = {"wave": org.wave}
    if plan is not None:
        initial.update(
            planned_opening=plan.planned_opening,
            actual_opening=plan.actual_opening,
            area_kind=plan.area_kind,
            partner_cooperation=plan.partner_cooperation,
            selection_notes=plan.selection_notes,
            notes=plan.notes,
        )
    form = PlanForm(request.POST or None, initial=initial, can_change_wave=can_change_wave)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_plan(
                request.user,
                org,
                services.PlanInput(
                    planned_opening=data["planned_opening"],
                    actual_opening=data["actual_opening"],
                    area_kind=data["area_kind"],
                    partner_cooperation=data["partner_cooperation"],
                    selection_notes=data["selection_notes"],
                    notes=data["notes"],
                    wave=data.get("wave") if can_change_wave else None,
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("programme:rollout:library", slug=org.slug)
    return _render(
        request,
        "programme/rollout/plan_form.html",
        {
            "form": form,
            "library": org,
            "wave": RolloutWave.objects.filter(code=org.wave).first(),
            "wave_label": services.wave_label(org.wave),
        },
        status=400 if request.method == "POST" else 200,
    )


def _library_step(
    request: HttpRequest, slug: str, step_pk: int
) -> tuple[Organisation, RolloutStep]:
    access.require(request.user)
    org = access.library_or_403(request.user, slug)
    step = get_object_or_404(RolloutStep, pk=step_pk)
    return org, step


@login_required
def step_progress(request: HttpRequest, slug: str, step: int) -> HttpResponse:
    """One step of a library's checklist: done or not, the date, the evidence."""
    org, the_step = _library_step(request, slug, step)
    if not the_step.active:
        raise Http404
    today = timezone.localdate()
    item = next(i for i in rp.checklist(org, today) if i.step.pk == the_step.pk)
    current = item.progress
    can_change_due = services.can_edit_plan(request.user, org)
    initial: dict[str, Any] = {"done_on": today}
    if current is not None:
        initial = {
            "done": current.done_on is not None,
            "done_on": current.done_on or today,
            "due_date": current.due_date,
            "evidence_note": current.evidence_note,
            "evidence_link": current.evidence_link,
        }
    has_file = bool(current and current.evidence_file)
    form = ProgressForm(
        request.POST or None,
        request.FILES or None,
        initial=initial,
        can_change_due=can_change_due,
        has_file=has_file,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.save_progress(
                request.user,
                org,
                the_step,
                services.ProgressInput(
                    done=data["done"],
                    done_on=data["done_on"],
                    evidence_note=data["evidence_note"],
                    evidence_link=data["evidence_link"].strip(),
                    evidence_file=data["evidence_file"] or None,
                    remove_file=data.get("remove_file", False),
                    due_date=data.get("due_date"),
                    change_due_date=can_change_due,
                ),
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Step '%(step)s' is saved.") % {"step": the_step.title})
            return redirect(
                f"{reverse('programme:rollout:library', args=[org.slug])}#step-{the_step.pk}"
            )
    return _render(
        request,
        "programme/rollout/step_progress.html",
        {
            "form": form,
            "library": org,
            "item": item,
            "step": the_step,
            "can_change_due": can_change_due,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def tick(request: HttpRequest, slug: str, step: int) -> HttpResponse:
    """The checklist's buttons: done today, not done, or confirm Wegwijs's suggestion."""
    org, the_step = _library_step(request, slug, step)
    action = request.POST.get("action", "")
    today = timezone.localdate()
    try:
        if action == "done":
            services.tick(request.user, org, the_step)
            messages.success(request, _("'%(step)s' is marked as done.") % {"step": the_step})
        elif action == "undo":
            services.tick(request.user, org, the_step, done=False)
            messages.success(request, _("'%(step)s' is marked as not done.") % {"step": the_step})
        elif action == "suggestion":
            item = next(i for i in rp.checklist(org, today) if i.step.pk == the_step.pk)
            if item.suggested_date is None:
                messages.error(request, _("Wegwijs has no suggestion for this step."))
            else:
                services.tick(
                    request.user, org, the_step, on=item.suggested_date, from_suggestion=True
                )
                messages.success(request, _("'%(step)s' is marked as done.") % {"step": the_step})
        else:
            messages.error(request, _("Choose what to do with the step."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(f"{reverse('programme:rollout:library', args=[org.slug])}#step-{the_step.pk}")


@login_required
def evidence(request: HttpRequest, slug: str, step: int) -> FileResponse:
    """The uploaded evidence, for those who see the library only, always as a download."""
    org, the_step = _library_step(request, slug, step)
    progress = RolloutStepProgress.objects.filter(library=org, step=the_step).first()
    if progress is None:
        raise Http404
    suffix = uploads.extension(progress.evidence_file.name or "")
    return uploads.download_response(
        progress.evidence_file, f"bewijs-{the_step.key}-{org.slug}{suffix}"
    )
