"""The keeper pages (``/sociale-kaart/beheer/``): the entries a keeper looks after, a service
with its organisation, locations, phones and times on one page, status changes, and the
spreadsheet import with a preview before anything is stored.

Coordinators keep their library's entries, partner editors their own organisation's, the
programme office all (``services.can_edit``); everyone else gets 403. Views read the forms and
call ``keeping`` and ``tabular``, where the rules live.
"""

from __future__ import annotations

import base64
import hashlib
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wegwijs.accounts import scoping
from wegwijs.network.models import Organisation
from wegwijs.socialmap import keeping, services, tabular
from wegwijs.socialmap.editforms import (
    NEW,
    LocationFormSet,
    PhoneFormSet,
    ScheduleFormSet,
    ServiceForm,
    SheetUploadForm,
    StatusForm,
)
from wegwijs.socialmap.models import (
    Feedback,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
)

PAGE_SIZE = 50
SESSION_KEY = "socialmap_sheet"


def _keeper(request: HttpRequest) -> None:
    if not keeping.is_keeper(request.user):
        raise PermissionDenied(_("Only keepers of the social map can do this."))


def _owner_choices(user: Any) -> list[tuple[int, str]] | None:
    """Who new entries can be kept by: a choice for the programme office, else the user's own
    organisation (None)."""
    if not scoping.is_national(user):
        return None
    return [(o.pk, o.name) for o in keeping.owners_for(user)]


# -- the list -----------------------------------------------------------------------------
@login_required
def entries(request: HttpRequest) -> HttpResponse:
    """The entries the user keeps, with what needs attention."""
    _keeper(request)
    qs = (
        services.editable_services(request.user)
        .annotate(open_feedback=Count("feedback", filter=Q(feedback__state=Feedback.State.OPEN)))
        .order_by("organization__name", "name")
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    return render(
        request,
        "socialmap/edit/list.html",
        {
            "page": page,
            "today": timezone.localdate(),
            "stale_count": services.stale_services(qs).count(),
            "feedback_count": services.open_feedback(request.user).count(),
        },
    )


# -- a service with everything around it --------------------------------------------------
def _editable(request: HttpRequest, pk: Any) -> Service:
    service = get_object_or_404(
        Service.objects.select_related("organization", "organization__owner"), pk=pk
    )
    if not services.can_edit(request.user, service.organization):
        raise PermissionDenied(_("Only the keeper of this entry can change it."))
    return service


@login_required
def service_create(request: HttpRequest) -> HttpResponse:
    _keeper(request)
    return _service_page(request, None)


@login_required
def service_edit(request: HttpRequest, pk: Any) -> HttpResponse:
    return _service_page(request, _editable(request, pk))


class _Page:
    """The forms of the service page, bound to the same data."""

    def __init__(self, request: HttpRequest, service: Service | None) -> None:
        user = request.user
        data = request.POST if request.method == "POST" else None
        self.user = user
        self.service = service
        self.organizations = list(keeping.keeper_organizations(user).order_by("name"))
        owner_id = (
            service.organization.owner_id if service else getattr(user, "organisation_id", None)
        )
        self.locations = {str(loc.pk): loc for loc in keeping.owner_locations(owner_id)}
        self.form = ServiceForm(
            data,
            organizations=self.organizations,
            owners=_owner_choices(user),
            service=service,
        )
        self.phones = PhoneFormSet(
            data,
            queryset=service.phones.all() if service else Phone.objects.none(),
            prefix="telefoon",
        )
        self.places = LocationFormSet(
            data,
            queryset=(
                service.at_locations.select_related("location", "location__organization")
                if service
                else ServiceAtLocation.objects.none()
            ),
            prefix="locaties",
            form_kwargs={"locations": self.locations},
        )
        self.rows = []
        for index, place in enumerate(self.places.forms):
            link = place.instance if place.stored else None
            times = ScheduleFormSet(
                data,
                queryset=link.schedules.all() if link else Schedule.objects.none(),
                prefix=f"{self.places.prefix}-{index}-tijden",
            )
            self.rows.append((place, times))

    def is_valid(self) -> bool:
        valid = all([self.form.is_valid(), self.phones.is_valid(), self.places.is_valid()])
        for place, times in self.rows:
            if place.is_valid() and place.cleaned_data.get("DELETE"):
                continue
            if not times.is_valid():
                valid = False
            elif (
                not place.stored
                and not place.has_changed()
                and any(f.has_changed() for f in times.forms)
            ):
                place.add_error("name", _("Fill in a location for these times."))
                valid = False
        return valid

    def entry(self) -> keeping.Entry:
        form = self.form
        organization = None
        new_organization = None
        if form.cleaned_data["organization"] != NEW:
            organization = next(
                (o for o in self.organizations if str(o.pk) == form.cleaned_data["organization"]),
                None,
            )
            if organization is None:
                raise PermissionDenied
        else:
            new_organization = form.new_organization_data()
            owner_id = (
                form.cleaned_data.get("owner")
                if "owner" in form.fields
                else getattr(self.user, "organisation_id", None)
            )
            new_organization["owner"] = Organisation.objects.filter(pk=owner_id or 0).first()
        entry = keeping.Entry(
            service=form.service_data(),
            organization=organization,
            new_organization=new_organization,
        )
        for index, phone in enumerate(self.phones.forms):
            if not _used(phone):
                continue
            if phone.cleaned_data.get("DELETE"):
                if phone.stored:
                    entry.removed_phones.append(phone.instance)
                continue
            entry.phones.append(
                keeping.PhoneData(
                    key=f"phones.{index}",
                    instance=phone.instance if phone.stored else None,
                    number=phone.cleaned_data["number"],
                    description=phone.cleaned_data.get("description", ""),
                )
            )
        for index, (place, times) in enumerate(self.rows):
            if not _used(place):
                continue
            if place.cleaned_data.get("DELETE"):
                if place.stored:
                    entry.removed_links.append(place.instance)
                continue
            data = keeping.LocationData(
                key=f"locations.{index}",
                link=place.instance if place.stored else None,
                location=place.chosen_location(),
                fields=place.location_fields(),
                description=place.cleaned_data.get("description", ""),
            )
            for number, time_form in enumerate(times.forms):
                if not _used(time_form):
                    continue
                if time_form.cleaned_data.get("DELETE"):
                    if time_form.stored:
                        data.removed_schedules.append(time_form.instance)
                    continue
                data.schedules.append(time_form.to_data(f"{data.key}.schedules.{number}"))
            entry.locations.append(data)
        return entry

    def add_errors(self, errors: dict[str, list[str]]) -> None:
        """Put the service layer's errors (keyed by path) next to the fields."""
        form_fields = {
            "organization": "organization",
            "new_organization.name": "new_organization_name",
            "new_organization.description": "new_organization_description",
        }
        for path, found in errors.items():
            parts = path.split(".")
            target: Any = self.form
            name: str | None = form_fields.get(path, parts[0])
            try:
                if parts[0] == "phones":
                    target, name = self.phones.forms[int(parts[1])], parts[2]
                elif parts[0] == "locations" and len(parts) > 4:
                    times = self.rows[int(parts[1])][1]
                    target = times.forms[int(parts[3])]
                    name = {"byday": "days", "freq": "repeat"}.get(parts[4], parts[4])
                elif parts[0] == "locations":
                    target = self.rows[int(parts[1])][0]
                    name = {"location": "existing_location"}.get(parts[2], parts[2])
            except (IndexError, ValueError):
                target, name = self.form, None
            if name not in target.fields:
                name = None
            for message in found:
                target.add_error(name, message)

    def error_summary(self) -> list[tuple[str, str]]:
        """(anchor, text) for every error on the page, in page order."""
        items: list[tuple[str, str]] = []

        def collect(form: Any, where: str) -> None:
            for error in form.non_field_errors():
                items.append(("", f"{where}{error}"))
            for field in form:
                for error in field.errors:
                    items.append(
                        (field.id_for_label or field.auto_id, f"{where}{field.label}: {error}")
                    )

        collect(self.form, "")
        for error in self.phones.non_form_errors():
            items.append(("", str(error)))
        for index, phone in enumerate(self.phones.forms, start=1):
            collect(phone, _("Phone %(n)s") % {"n": index} + ", ")
        for error in self.places.non_form_errors():
            items.append(("", str(error)))
        for index, (place, times) in enumerate(self.rows, start=1):
            where = _("Location %(n)s") % {"n": index}
            collect(place, where + ", ")
            for error in times.non_form_errors():
                items.append(("", f"{where}: {error}"))
            for number, time_form in enumerate(times.forms, start=1):
                collect(time_form, where + ", " + _("time %(n)s") % {"n": number} + ", ")
        return items


def _used(form: Any) -> bool:
    """A row that exists or was filled in."""
    return bool(form.stored or form.has_changed())


def _service_page(request: HttpRequest, service: Service | None) -> HttpResponse:
    page = _Page(request, service)
    if request.method == "POST" and page.is_valid():
        try:
            saved = keeping.save_entry(request.user, service, page.entry())
        except ValidationError as exc:
            page.add_errors(exc.message_dict)
        else:
            messages.success(
                request, _("Saved. The entry counts as verified: the next check is in six months.")
            )
            return redirect("socialmap:detail", pk=saved.pk)
    return render(
        request,
        "socialmap/edit/service_form.html",
        {
            "service": service,
            "form": page.form,
            "phones": page.phones,
            "places": page.places,
            "rows": page.rows,
            "errors": page.error_summary() if request.method == "POST" else [],
            "status_form": StatusForm(initial={"status": keeping.status_value(service)})
            if service
            else None,
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def service_status(request: HttpRequest, pk: Any) -> HttpResponse:
    """Change the status, e.g. withdraw the entry from the map."""
    service = _editable(request, pk)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a status."))
        return redirect("socialmap:keep_edit", pk=service.pk)
    keeping.set_status(request.user, service, form.cleaned_data["status"])
    label = dict(keeping.STATUS_CHOICES)[form.cleaned_data["status"]]
    messages.success(
        request,
        _("%(name)s: the status is now %(status)s.") % {"name": service.name, "status": label},
    )
    return redirect("socialmap:keep")


# -- the spreadsheet ----------------------------------------------------------------------
@login_required
def sheet_template(request: HttpRequest, kind: str) -> HttpResponse:
    """The empty sheet with one example row."""
    _keeper(request)
    if kind == "xlsx":
        content = tabular.template_xlsx()
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    elif kind == "csv":
        content = tabular.template_csv()
        content_type = "text/csv; charset=utf-8"
    else:
        raise Http404
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="sociale-kaart-aanbod.{kind}"'
    return response


def _owner_for_import(request: HttpRequest, form: SheetUploadForm | None) -> Organisation:
    user = request.user
    if form is not None and "owner" in form.fields:
        owner_id = form.cleaned_data["owner"]
    else:
        owner_id = getattr(user, "organisation_id", None)
    owner = keeping.owners_for(user).filter(pk=owner_id).first()
    if owner is None:
        raise PermissionDenied(_("You cannot keep entries for this organisation."))
    return owner


def _preview_rows(plan: tabular.Plan) -> list[dict[str, Any]]:
    return [
        {
            "organization": plan.organizations[service.org_key].name,
            "name": service.name,
            "new": service.existing is None,
            "places": len(service.links),
            "times": sum(len(s) for s in service.links.values()),
            "line": service.line,
        }
        for service in sorted(plan.services.values(), key=lambda s: s.line)
    ]


@login_required
def import_sheet(request: HttpRequest) -> HttpResponse:
    """Upload a sheet, see what it would do (or every problem with its line), confirm."""
    _keeper(request)
    owners = _owner_choices(request.user)
    context: dict[str, Any] = {
        "columns": tabular.COLUMNS,
        "code_lists": tabular.code_lists(),
        "max_rows": tabular.MAX_ROWS,
    }
    status = 200
    if request.method == "POST" and "confirm" in request.POST:
        stored = request.session.get(SESSION_KEY) or {}
        if not stored or stored.get("digest") != request.POST.get("confirm"):
            messages.error(request, _("Upload the file again: the preview has expired."))
            return redirect("socialmap:keep_import")
        owner = keeping.owners_for(request.user).filter(pk=int(stored.get("owner") or 0)).first()
        if owner is None:
            raise PermissionDenied
        data = base64.b64decode(stored["data"])
        try:
            plan = tabular.import_sheet(data, stored["name"], owner, request.user)
        except tabular.SheetError as exc:
            context["problems"] = exc.messages
            status = 400
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("Imported %(name)s: %(summary)s.")
                % {"name": stored["name"], "summary": plan.summary()},
            )
            return redirect("socialmap:keep")
        form = SheetUploadForm(owners=owners)
    elif request.method == "POST":
        form = SheetUploadForm(request.POST, request.FILES, owners=owners)
        if form.is_valid():
            upload = form.cleaned_data["sheet"]
            owner = _owner_for_import(request, form)
            if upload.size > tabular.MAX_BYTES:
                context["problems"] = [
                    _("The file is too large: at most %(mb)s MB.")
                    % {"mb": tabular.MAX_BYTES // (1024 * 1024)}
                ]
            else:
                data = upload.read()
                name = str(upload.name or "")[:100]
                try:
                    plan = tabular.check(data, name, owner)
                except tabular.SheetError as exc:
                    context["problems"] = exc.messages
                else:
                    context["warnings"] = plan.warnings
                    if plan.problems:
                        context["problems"] = plan.messages
                    else:
                        digest = hashlib.sha256(data).hexdigest()
                        request.session[SESSION_KEY] = {
                            "name": name,
                            "data": base64.b64encode(data).decode("ascii"),
                            "digest": digest,
                            "owner": owner.pk,
                        }
                        context.update(
                            {
                                "plan": plan,
                                "digest": digest,
                                "owner": owner,
                                "preview": _preview_rows(plan),
                                "counts": {k: dict(v) for k, v in plan.counts.items()},
                            }
                        )
            if "problems" in context:
                status = 400
        else:
            status = 400
    else:
        form = SheetUploadForm(owners=owners)
    context["form"] = form
    return render(request, "socialmap/edit/import.html", context, status=status)
