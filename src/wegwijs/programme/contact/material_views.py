"""Materials pages: the library (category, language and words), downloads that check the login
and count, the export list, and adding, changing and deleting for the programme office."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wegwijs.core import uploads
from wegwijs.core.exports import Sheet, table_response
from wegwijs.programme import access
from wegwijs.programme.common import apply_errors, export_format
from wegwijs.programme.contact import materials, selectors
from wegwijs.programme.contact.forms import MaterialFilterForm, MaterialForm
from wegwijs.programme.contact.models import PromoMaterial

PAGE_SIZE = 24


def _require_manager(request: HttpRequest) -> None:
    if not selectors.can_manage_materials(request.user):
        raise PermissionDenied(_("Only the programme office adds and changes materials."))


def _filtered(request: HttpRequest) -> tuple[MaterialFilterForm, QuerySet[PromoMaterial]]:
    form = MaterialFilterForm(request.GET or None)
    qs = PromoMaterial.objects.all()
    if form.is_valid():
        d = form.cleaned_data
        qs = materials.search(qs, d["q"], d["categorie"], d["taal"])
    return form, qs.order_by("title", "pk")


@login_required
def material_list(request: HttpRequest) -> HttpResponse:
    form, qs = _filtered(request)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("pagina"))
    query = request.GET.copy()
    query.pop("pagina", None)
    return render(
        request,
        "programme/contact/material_list.html",
        {
            "form": form,
            "page": page,
            "total": page.paginator.count,
            "can_manage": selectors.can_manage_materials(request.user),
            "can_export": access.can_use(request.user),
            "query": query.urlencode(),
            "area_nav": selectors.area_nav(request.user, "materials"),
        },
        status=200 if not form.is_bound or form.is_valid() else 400,
    )


@login_required
@require_GET
def material_export(request: HttpRequest, fmt: str) -> HttpResponse:
    export_format(fmt)
    access.require(request.user)
    _form, qs = _filtered(request)
    sheet = Sheet(
        name=_("Materials"),
        header=materials.export_header(),
        rows=materials.export_rows(qs),
    )
    return table_response(_("materials"), [sheet], fmt)


@login_required
def material_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The file as a download (or, for a link, a redirect to it); counted either way."""
    material = get_object_or_404(PromoMaterial, pk=pk)
    if material.is_link:
        materials.count_download(material)
        return redirect(material.url)
    kind = uploads.KINDS.get(material.file_kind)
    response = uploads.download_response(
        material.file,
        material.file_name or "materiaal",
        kind.content_type if kind else "application/octet-stream",
    )
    materials.count_download(material)
    return response


@login_required
def material_thumbnail(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The preview image (a PNG we made), shown in the list; for logged-in users only."""
    material = get_object_or_404(PromoMaterial, pk=pk)
    if not material.thumbnail:
        raise Http404
    try:
        handle = material.thumbnail.open("rb")
    except (FileNotFoundError, OSError) as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type="image/png")
    response["Cache-Control"] = "private, max-age=3600"
    return response


def _input(request: HttpRequest, form: MaterialForm) -> materials.MaterialInput:
    d = form.cleaned_data
    return materials.MaterialInput(
        title=d["title"],
        description=d["description"],
        category=d["category"],
        language=d["language"],
        url=d["url"],
        file=request.FILES.get("file"),
        thumbnail=request.FILES.get("thumbnail"),
        remove_thumbnail=bool(d.get("remove_thumbnail")),
    )


@login_required
def material_create(request: HttpRequest) -> HttpResponse:
    _require_manager(request)
    posted = request.method == "POST"
    form = MaterialForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"language": "nl"},
    )
    if posted and form.is_valid():
        try:
            material = materials.create(request.user, _input(request, form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Material added: %(title)s.") % {"title": material.title})
            return redirect("programme:contact:material_list")
    return render(
        request,
        "programme/contact/material_form.html",
        {"form": form, "material": None},
        status=400 if posted else 200,
    )


@login_required
def material_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    material = get_object_or_404(PromoMaterial, pk=pk)
    posted = request.method == "POST"
    form = MaterialForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={
            "title": material.title,
            "description": material.description,
            "category": material.category,
            "language": material.language,
            "url": material.url,
        },
        editing=True,
    )
    if posted and form.is_valid():
        try:
            materials.update(request.user, material, _input(request, form))
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Material saved: %(title)s.") % {"title": material.title})
            return redirect("programme:contact:material_list")
    return render(
        request,
        "programme/contact/material_form.html",
        {"form": form, "material": material},
        status=400 if posted else 200,
    )


@login_required
def material_delete(request: HttpRequest, pk: int) -> HttpResponse:
    _require_manager(request)
    material = get_object_or_404(PromoMaterial, pk=pk)
    if request.method == "POST":
        materials.delete(request.user, material)
        messages.success(request, _("Material deleted."))
        return redirect("programme:contact:material_list")
    return render(request, "programme/contact/material_delete.html", {"material": material})
