"""Pages of the partnership tools (``/programma/samenwerking/``). Plain forms with
POST-redirect-GET: every page works without JavaScript. Views parse input, ask
:mod:`.permissions`, call :mod:`.services` or :mod:`.reports`, and render."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from wegwijs.core import exports as table_exports
from wegwijs.network.models import Organisation
from wegwijs.programme import access
from wegwijs.programme.common import apply_errors, export_format, save_posted
from wegwijs.programme.partnerships import charts, exports, permissions, reports, services
from wegwijs.programme.partnerships.forms import (
    AdviceSettingsForm,
    ContributionsForm,
    CriterionForm,
    GoalForm,
    LibraryFilterForm,
    NationalCriterionForm,
    PartnerForm,
    ScoresForm,
    SocialMapSearchForm,
    StrengthForm,
    TacticForm,
    goal_key,
    score_key,
)
from wegwijs.programme.partnerships.models import (
    PartnerSector,
    PartnershipCriterion,
    PartnershipGoal,
    PartnershipNationalCriterion,
    PartnershipPartner,
    PartnershipTactic,
    PartnerStatus,
)
from wegwijs.programme.partnerships.scoring import QUADRANT_ADVICE

PAGE_SIZE = 50
ALL_PARAM = "alle"  # ?alle=1: the tools include ended partnerships too


# -- helpers ------------------------------------------------------------------------------
def _page(
    request: HttpRequest, template: str, library: Organisation, tab: str, **context: Any
) -> HttpResponse:
    return render(
        request,
        f"programme/partnerships/{template}",
        {
            "library": library,
            "tab": tab,
            "can_edit": permissions.can_edit(request.user, library),
            **context,
        },
    )


#: The fields a form page starts from when it changes an existing row.
CRITERION = ("name", "description", "weight", "position")
GOAL = ("name", "description", "position")
TACTIC = ("approach", "who", "planned_for", "status")


def _initial(instance: object | None, fields: tuple[str, ...]) -> dict[str, Any] | None:
    return {name: getattr(instance, name) for name in fields} if instance is not None else None


def _confirm_delete(
    request: HttpRequest,
    library: Organisation,
    tab: str,
    *,
    delete: Callable[[], object],
    removed: str,
    title: str,
    what: str,
    consequence: str,
    back: str,
    then: str | None = None,
) -> HttpResponse:
    """A "remove this?" page; on POST ``delete()``, flash ``removed`` and go to ``then``
    (else ``back``, where "cancel" leads)."""
    if request.method == "POST":
        delete()
        messages.success(request, removed)
        return redirect(then or back)
    return _page(
        request,
        "confirm_delete.html",
        library,
        tab,
        title=title,
        what=what,
        consequence=consequence,
        back=back,
    )


def _partner(library: Organisation, pk: int) -> PartnershipPartner:
    return get_object_or_404(
        PartnershipPartner.objects.select_related("social_organization"), pk=pk, library=library
    )


def _score_path(path: str) -> str:
    parts = path.split(".")  # scores.<criterion>.<part>
    return score_key(int(parts[1]), parts[2]) if len(parts) == 3 else path


def _goal_path(path: str) -> str:
    parts = path.split(".")  # contributions.<goal>.<part>
    return goal_key(int(parts[1]), parts[2]) if len(parts) == 3 else path


def _include_ended(request: HttpRequest) -> bool:
    return request.GET.get(ALL_PARAM) == "1"


def _ended_count(library: Organisation) -> int:
    return PartnershipPartner.objects.filter(library=library, status=PartnerStatus.ENDED).count()


# -- start -----------------------------------------------------------------------------------
@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Coordinators go straight to their library; POIs and the programme office choose one."""
    access.require(request.user)
    libraries = access.libraries(request.user)
    if access.is_coordinator(request.user):
        own = libraries.first()
        if own is not None:
            return redirect("programme:partnerships:partners", own.slug)
    form = LibraryFilterForm(request.GET or None)
    if form.is_valid() and form.cleaned_data["q"]:
        libraries = libraries.filter(name__icontains=form.cleaned_data["q"])
    libraries = libraries.annotate(
        partner_count=Count("partnership_partners", distinct=True),
        active_count=Count(
            "partnership_partners",
            filter=Q(partnership_partners__status=PartnerStatus.ACTIVE),
            distinct=True,
        ),
    ).order_by("name")
    page = Paginator(libraries, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "programme/partnerships/index.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "can_keep_national": permissions.can_keep_national(request.user),
            "national_count": PartnershipNationalCriterion.objects.count(),
        },
    )


# -- the national set of criteria -----------------------------------------------------------
@login_required
def national(request: HttpRequest) -> HttpResponse:
    access.require(request.user)
    can_keep = permissions.can_keep_national(request.user)
    if request.method == "POST":
        if not can_keep:
            raise PermissionDenied
        added = services.install_standard_criteria()
        if added:
            messages.success(request, _("The standard set of criteria has been added."))
        return redirect("programme:partnerships:national")
    return render(
        request,
        "programme/partnerships/national.html",
        {
            "criteria": PartnershipNationalCriterion.objects.all(),
            "can_keep": can_keep,
        },
    )


@login_required
def national_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    access.require(request.user)
    if not permissions.can_keep_national(request.user):
        raise PermissionDenied
    criterion = get_object_or_404(PartnershipNationalCriterion, pk=pk) if pk else None
    form = NationalCriterionForm(request.POST or None, initial=_initial(criterion, CRITERION))
    if save_posted(
        request,
        form,
        lambda data: services.save_national_criterion(data, criterion),
        _("The national criterion has been saved."),
    ):
        return redirect("programme:partnerships:national")
    return render(
        request,
        "programme/partnerships/national_form.html",
        {"form": form, "criterion": criterion},
    )


@login_required
def national_delete(request: HttpRequest, pk: int) -> HttpResponse:
    access.require(request.user)
    if not permissions.can_keep_national(request.user):
        raise PermissionDenied
    criterion = get_object_or_404(PartnershipNationalCriterion, pk=pk)
    back = reverse("programme:partnerships:national")
    if request.method == "POST":
        criterion.delete()
        messages.success(request, _("The national criterion has been removed."))
        return redirect(back)
    return render(
        request,
        "programme/partnerships/confirm_delete.html",
        {
            "title": _("Remove a national criterion"),
            "what": criterion.name,
            "consequence": _("Libraries keep the copies they already made."),
            "back": back,
        },
    )


# -- partners ---------------------------------------------------------------------------------
@login_required
def partners(request: HttpRequest, library: str) -> HttpResponse:
    lib = permissions.library(request.user, library)
    overview = reports.overview(lib)
    strength = {p.partner.pk: p for p in overview.strength.points}
    weighing = {r.partner.pk: r for r in overview.weighing.rows}
    rows = [(p, strength.get(p.pk), weighing[p.pk]) for p in overview.partners]
    return _page(request, "partners.html", lib, "partners", rows=rows, overview=overview)


def _candidates(
    lib: Organisation, search: SocialMapSearchForm, partner: PartnershipPartner | None
) -> list[Any]:
    query, everywhere = "", False
    if search.is_valid():
        query, everywhere = search.cleaned_data["q"], search.cleaned_data["overal"]
    found = services.find_social_organisations(lib, query, everywhere=everywhere)
    current = partner.social_organization if partner else None
    if current is not None and current not in found:
        found.insert(0, current)
    return found


@login_required
def partner_form(request: HttpRequest, library: str, pk: int | None = None) -> HttpResponse:
    """Add or change a partner; the social-map picker is a GET search above the form."""
    lib = permissions.library(request.user, library, edit=True)
    partner = _partner(lib, pk) if pk else None
    search = SocialMapSearchForm(request.POST if request.method == "POST" else request.GET)
    initial = (
        {
            "social_organization": partner.social_organization_id,
            "name": partner.name,
            "sector": partner.sector,
            "status": partner.status,
            "notes": partner.notes,
        }
        if partner
        else {"status": PartnerStatus.POTENTIAL, "sector": PartnerSector.OTHER}
    )
    form = PartnerForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_partner(request.user, lib, form.cleaned_data, partner)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The partner has been saved."))
            return redirect("programme:partnerships:partner", lib.slug, saved.pk)
    candidates = _candidates(lib, search, partner)
    chosen = form["social_organization"].value()
    if form.is_bound and form.is_valid() and form.cleaned_data["social_organization"]:
        organisation = form.cleaned_data["social_organization"]
        if organisation not in candidates:
            candidates.insert(0, organisation)
    return _page(
        request,
        "partner_form.html",
        lib,
        "partners",
        form=form,
        search=search,
        partner=partner,
        candidates=candidates,
        chosen=str(chosen or ""),
        searched=bool(search.is_valid() and search.cleaned_data["q"]),
    )


@login_required
def partner_detail(request: HttpRequest, library: str, pk: int) -> HttpResponse:
    lib = permissions.library(request.user, library)
    partner = _partner(lib, pk)
    rows = [partner]
    weighing = reports.weighing(lib, rows)
    matrix = reports.matrix(lib, rows)
    strength = reports.strength(rows)
    return _page(
        request,
        "partner_detail.html",
        lib,
        "partners",
        partner=partner,
        point=strength.points[0] if strength.points else None,
        quadrant_advice=QUADRANT_ADVICE,
        weighing=weighing,
        weighing_row=weighing.rows[0],
        score_rows=list(
            zip(weighing.criteria, weighing.rows[0].scores, weighing.rows[0].means, strict=True)
        ),
        matrix=matrix,
        goal_cells=list(zip(matrix.goals, matrix.rows[0].cells, strict=True)),
        tactics=partner.tactics.order_by("planned_for", "pk"),
    )


@login_required
def partner_strength(request: HttpRequest, library: str, pk: int) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    partner = _partner(lib, pk)
    form = StrengthForm(
        request.POST or None,
        initial={
            "interests": partner.interests,
            "influence": partner.influence,
            "added_value": partner.added_value,
            "attitude": partner.attitude,
        },
    )
    if save_posted(
        request,
        form,
        lambda data: services.save_strength(request.user, partner, data),
        _("The strength analysis has been saved."),
    ):
        return redirect("programme:partnerships:partner", lib.slug, partner.pk)
    return _page(request, "strength_form.html", lib, "partners", form=form, partner=partner)


@login_required
def partner_scores(request: HttpRequest, library: str, pk: int) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    partner = _partner(lib, pk)
    criteria = list(PartnershipCriterion.objects.filter(library=lib))
    initial: dict[str, int] = {}
    for score in partner.scores.all():
        initial[score_key(score.criterion_id, "fit")] = score.fit
        initial[score_key(score.criterion_id, "added_value")] = score.added_value
        initial[score_key(score.criterion_id, "feasibility")] = score.feasibility
    form = ScoresForm(request.POST or None, initial=initial, criteria=criteria)
    if save_posted(
        request,
        form,
        lambda _data: services.save_scores(request.user, partner, form.scores()),
        _("The scores have been saved."),
        _score_path,
    ):
        return redirect("programme:partnerships:partner", lib.slug, partner.pk)
    return _page(request, "scores_form.html", lib, "weighing", form=form, partner=partner)


@login_required
def partner_goals(request: HttpRequest, library: str, pk: int) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    partner = _partner(lib, pk)
    goals = list(PartnershipGoal.objects.filter(library=lib))
    initial: dict[str, str] = {}
    for cell in partner.contributions.all():
        initial[goal_key(cell.goal_id, "level")] = cell.level
        initial[goal_key(cell.goal_id, "note")] = cell.note
    form = ContributionsForm(request.POST or None, initial=initial, goals=goals)
    if save_posted(
        request,
        form,
        lambda _data: services.save_contributions(request.user, partner, form.cells()),
        _("The contributions to the goals have been saved."),
        _goal_path,
    ):
        return redirect("programme:partnerships:partner", lib.slug, partner.pk)
    return _page(request, "contributions_form.html", lib, "goals", form=form, partner=partner)


@login_required
def partner_delete(request: HttpRequest, library: str, pk: int) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    partner = _partner(lib, pk)
    return _confirm_delete(
        request,
        lib,
        "partners",
        delete=lambda: services.delete_partner(partner),
        removed=_("The partner has been removed."),
        title=_("Remove a partner"),
        what=partner.name,
        consequence=_("Its analysis, scores, contributions to goals and tactics are removed too."),
        back=reverse("programme:partnerships:partner", args=[lib.slug, partner.pk]),
        then=reverse("programme:partnerships:partners", args=[lib.slug]),
    )


# -- tactics ----------------------------------------------------------------------------------
@login_required
def tactic_form(
    request: HttpRequest, library: str, pk: int, tactic: int | None = None
) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    partner = _partner(lib, pk)
    instance = get_object_or_404(PartnershipTactic, pk=tactic, partner=partner) if tactic else None
    form = TacticForm(request.POST or None, initial=_initial(instance, TACTIC))
    if save_posted(
        request,
        form,
        lambda data: services.save_tactic(partner, data, instance),
        _("The tactic has been saved."),
    ):
        return redirect("programme:partnerships:partner", lib.slug, partner.pk)
    return _page(
        request, "tactic_form.html", lib, "tactics", form=form, partner=partner, tactic=instance
    )


@login_required
def tactic_delete(request: HttpRequest, library: str, pk: int, tactic: int) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    partner = _partner(lib, pk)
    instance = get_object_or_404(PartnershipTactic, pk=tactic, partner=partner)
    return _confirm_delete(
        request,
        lib,
        "tactics",
        delete=lambda: services.delete_tactic(instance),
        removed=_("The tactic has been removed."),
        title=_("Remove a tactic"),
        what=instance.approach,
        consequence="",
        back=reverse("programme:partnerships:partner", args=[lib.slug, partner.pk]),
    )


@login_required
def tactics(request: HttpRequest, library: str) -> HttpResponse:
    lib = permissions.library(request.user, library)
    return _page(request, "tactics.html", lib, "tactics", tactics=reports.tactics(lib))


# -- strength analysis --------------------------------------------------------------------------
@login_required
def strength(request: HttpRequest, library: str) -> HttpResponse:
    lib = permissions.library(request.user, library)
    include_ended = _include_ended(request)
    rows = list(reports.partners(lib, include_ended=include_ended))
    analysis = reports.strength(rows)
    return _page(
        request,
        "strength.html",
        lib,
        "strength",
        analysis=analysis,
        chart=charts.quadrant_chart(analysis, title=_("Strength analysis of %s") % lib.name),
        quadrant_advice=QUADRANT_ADVICE,
        include_ended=include_ended,
        ended=_ended_count(lib),
    )


# -- weighing table and its criteria -----------------------------------------------------------
@login_required
def weighing(request: HttpRequest, library: str) -> HttpResponse:
    lib = permissions.library(request.user, library)
    include_ended = _include_ended(request)
    rows = list(reports.partners(lib, include_ended=include_ended))
    return _page(
        request,
        "weighing.html",
        lib,
        "weighing",
        weighing=reports.weighing(lib, rows),
        include_ended=include_ended,
        ended=_ended_count(lib),
    )


@login_required
def criteria(request: HttpRequest, library: str) -> HttpResponse:
    """The library's criteria and advice thresholds; POST changes the thresholds."""
    lib = permissions.library(request.user, library)
    current = services.advice_settings(lib)
    form = AdviceSettingsForm(
        request.POST or None,
        initial={"start_from": current.start_from, "explore_from": current.explore_from},
    )
    if request.method == "POST":
        if not permissions.can_edit(request.user, lib):
            raise PermissionDenied
        if form.is_valid():
            try:
                services.save_advice_settings(lib, form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The advice thresholds have been saved."))
                return redirect("programme:partnerships:criteria", lib.slug)
    return _page(
        request,
        "criteria.html",
        lib,
        "weighing",
        criteria=PartnershipCriterion.objects.filter(library=lib),
        national_count=PartnershipNationalCriterion.objects.count(),
        form=form,
        settings=current,
    )


@login_required
def criteria_add_national(request: HttpRequest, library: str) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    if request.method != "POST":
        return redirect("programme:partnerships:criteria", lib.slug)
    added = services.add_national_criteria(lib)
    if added:
        messages.success(
            request, _("%(count)s criteria of the national set added.") % {"count": added}
        )
    else:
        messages.info(request, _("The weighing table already has every national criterion."))
    return redirect("programme:partnerships:criteria", lib.slug)


@login_required
def criterion_form(request: HttpRequest, library: str, pk: int | None = None) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    criterion = get_object_or_404(PartnershipCriterion, pk=pk, library=lib) if pk else None
    form = CriterionForm(request.POST or None, initial=_initial(criterion, CRITERION))
    if save_posted(
        request,
        form,
        lambda data: services.save_criterion(lib, data, criterion),
        _("The criterion has been saved."),
    ):
        return redirect("programme:partnerships:criteria", lib.slug)
    return _page(request, "criterion_form.html", lib, "weighing", form=form, criterion=criterion)


@login_required
def criterion_delete(request: HttpRequest, library: str, pk: int) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    criterion = get_object_or_404(PartnershipCriterion, pk=pk, library=lib)
    return _confirm_delete(
        request,
        lib,
        "weighing",
        delete=lambda: services.delete_criterion(criterion),
        removed=_("The criterion has been removed."),
        title=_("Remove a criterion"),
        what=criterion.name,
        consequence=_("The scores on this criterion are removed too; totals are worked out again."),
        back=reverse("programme:partnerships:criteria", args=[lib.slug]),
    )


# -- goals and the matrix ----------------------------------------------------------------------
@login_required
def goals(request: HttpRequest, library: str) -> HttpResponse:
    lib = permissions.library(request.user, library)
    include_ended = _include_ended(request)
    rows = list(reports.partners(lib, include_ended=include_ended))
    return _page(
        request,
        "goals.html",
        lib,
        "goals",
        matrix=reports.matrix(lib, rows),
        include_ended=include_ended,
        ended=_ended_count(lib),
    )


@login_required
def goal_form(request: HttpRequest, library: str, pk: int | None = None) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    goal = get_object_or_404(PartnershipGoal, pk=pk, library=lib) if pk else None
    form = GoalForm(request.POST or None, initial=_initial(goal, GOAL))
    if save_posted(
        request,
        form,
        lambda data: services.save_goal(lib, data, goal),
        _("The goal has been saved."),
    ):
        return redirect("programme:partnerships:goals", lib.slug)
    return _page(request, "goal_form.html", lib, "goals", form=form, goal=goal)


@login_required
def goal_delete(request: HttpRequest, library: str, pk: int) -> HttpResponse:
    lib = permissions.library(request.user, library, edit=True)
    goal = get_object_or_404(PartnershipGoal, pk=pk, library=lib)
    return _confirm_delete(
        request,
        lib,
        "goals",
        delete=lambda: services.delete_goal(goal),
        removed=_("The goal has been removed."),
        title=_("Remove a goal"),
        what=goal.name,
        consequence=_("The partnerships' contributions to this goal are removed too."),
        back=reverse("programme:partnerships:goals", args=[lib.slug]),
    )


# -- downloads -----------------------------------------------------------------------------------
@login_required
def export(request: HttpRequest, library: str, tool: str, fmt: str) -> HttpResponse:
    """CSV of one tool (``tool``), or XLSX with a sheet per tool (``tool`` = ``alles``)."""
    lib = permissions.library(request.user, library)
    export_format(fmt)
    overview = reports.overview(lib)
    sheets = exports.sheets(overview)
    if tool == exports.ALL:
        if fmt != "xlsx":
            raise Http404
        return table_exports.table_response(
            _("partnerships %(library)s") % {"library": lib.name}, list(sheets.values()), fmt
        )
    if tool not in sheets:
        raise Http404
    return table_exports.table_response(f"{sheets[tool].name} {lib.name}", [sheets[tool]], fmt)


@login_required
def overview_pdf(request: HttpRequest, library: str) -> HttpResponse:
    """The printable overview of every tool, with the quadrant chart, as a PDF."""
    from wegwijs.core.pdf import pdf_response

    lib = permissions.library(request.user, library)
    overview = reports.overview(lib, include_ended=_include_ended(request))
    context = {
        "overview": overview,
        "library": lib,
        "chart": charts.quadrant_chart(
            overview.strength, title=_("Strength analysis of %s") % lib.name
        ),
        "quadrant_advice": QUADRANT_ADVICE,
    }
    filename = f"{table_exports.slug(_('partnerships') + ' ' + lib.name)}.pdf"
    return pdf_response("programme/partnerships/overview_pdf.html", context, filename, request)
