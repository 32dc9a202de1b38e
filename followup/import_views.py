"""Importing a plan from a file, with a preview: a new plan with the follow-up its document
brings (followup.importing), or a draft updated from an edited export (followup.updating). Their
URLs are the plans app's (``plans:import``...): planaccion/urls.py lists followup.plan_urls with
plans.urls under one namespace."""

from django.contrib import messages
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from followup import importing, tasks
from followup.models import ImportJob
from followup.updating import update_plan_from_document
from formats import manual_mapping
from formats.document import ImportFileError
from formats.readers.base import reader_for
from organization import policy
from plans import import_columns, pending_uploads
from plans.forms import ImportForm
from plans.models import Plan
from plans.services import import_templates

# A confirmed import of more activities than this is carried out by a task (issue 20): saving
# 5,000 activities takes longer than a request should wait.
LARGE_IMPORT_ACTIVITIES = 500


def _import_entity(request: HttpRequest):
    """Whose plan an upload is: the planner's entity (a document of another NIT is imported
    into it, with a warning); for the system administrator, the entity the document's NIT
    names, registered if new (None here). Anyone else may not import."""
    if request.user.is_superuser:
        return None
    member = policy.membership(request.user)
    if member is None or not policy.is_planner(request.user, member.entity_id):
        raise PermissionDenied("Solo Planeación de una entidad importa planes.")
    return member.entity


def _read_update(content: bytes, name: str, plan: Plan, *, by, dry_run: bool):
    document = reader_for(name).read(content, name)
    return document, update_plan_from_document(plan, document, by=by, dry_run=dry_run)


def _import_in_background(request: HttpRequest, token: str, entity, info: dict) -> HttpResponse:
    """A large import is carried out by a task; the planner follows it on its own page."""
    options = {k: info.get(k) for k in ("year", "plan_type", "use_template", "columns")}
    job = ImportJob.objects.create(
        entity=entity,
        requested_by=request.user,
        file_name=info["name"],
        stored_name=pending_uploads.hand_over(request.session, token),
        options=options,
        activities=info["activities"],
    )
    tasks.run_import_job.enqueue(job.pk)
    return redirect("plans:import_job", job.pk)


@require_GET
def plan_import_job(request: HttpRequest, pk: int) -> HttpResponse:
    """A large import's progress, for whoever confirmed it; the page asks again every few
    seconds (htmx) until the plan is saved or the import refused."""
    job = get_object_or_404(
        ImportJob.objects.select_related("plan"), pk=pk, requested_by=request.user
    )
    template = "plans/_import_job.html" if request.htmx else "plans/import_job.html"
    return render(request, template, {"job": job})


def _preview(
    request, token: str, options: dict, entity, read=None, *, error: str = "", **more
) -> HttpResponse:
    """The preview page: how the file was read (``read`` = (document, result)), or, when the
    chosen columns could not be read (``error``), the columns to choose again."""
    document, result = read or (None, None)
    if document is not None:
        columns = [label for label, _field in document.mapping]
        fields = [field for _label, field in document.mapping]
        pending_uploads.update(
            request.session, token, labels=columns, fields=fields, activities=result.activities
        )
    else:  # what the planner chose, else the last reading that worked
        columns = options.get("labels") or []
        fields = options.get("columns") or options.get("fields") or [""] * len(columns)
    template = import_templates.template_choices(entity)
    using = bool(options.get("use_template") and template)
    context = {
        "document": document,
        "result": result,
        "token": token,
        "name": options["name"],
        "error": error,
        "mapping": import_columns.mapping_report(document) if document else [],
        "columns": [
            {
                "position": position,
                "label": label,
                "field": import_columns.field_name(field) if field else "—",
                "choice": import_columns.choice_of(field),
            }
            for position, (label, field) in enumerate(zip(columns, fields, strict=False), 1)
        ],
        "choices": import_columns.CHOICES,
        "has_template": bool(template),
        "can_save_template": entity is not None,
        "template_applied": bool(
            document and using and import_columns.template_applies(template, document)
        ),
        **more,
    }
    return render(request, "plans/import_preview.html", context, status=422 if error else 200)


@require_http_methods(["GET", "POST"])
def plan_import(request: HttpRequest) -> HttpResponse:
    entity = _import_entity(request)
    form = ImportForm(request.POST or None, request.FILES or None, entity=entity)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        target = form.cleaned_data.get("update_plan")
        options = {
            "year": form.cleaned_data["year"],
            "plan_type": form.cleaned_data["plan_type"].pk
            if form.cleaned_data["plan_type"]
            else None,
            "use_template": True,
            "update_plan": target.pk if target else None,
        }
        if target is not None:  # an edited export of a draft: its changes, field by field
            try:
                document, update = _read_update(
                    content, upload.name, target, by=request.user, dry_run=True
                )
            except ImportFileError as error:
                form.add_error("file", str(error))
            else:
                token = pending_uploads.keep(request.session, content, upload.name, options)
                context = {"document": document, "update": update, "token": token}
                return render(request, "plans/import_update_preview.html", context)
        else:
            template_error = ""
            try:
                read = importing.import_upload(
                    content, upload.name, entity, options, by=request.user, dry_run=True
                )
            except ImportFileError as error:
                read, refused = None, error
            if read is None and import_templates.template_choices(entity):
                # The entity's template may not fit this file: read it as its headers say.
                options["use_template"] = False
                try:
                    read = importing.import_upload(
                        content, upload.name, entity, options, by=request.user, dry_run=True
                    )
                    template_error = str(refused)
                except ImportFileError as error:
                    refused = error
            if read is None:
                form.add_error(*importing.refused(refused))
            else:
                token = pending_uploads.keep(request.session, content, upload.name, options)
                options = pending_uploads.load(request.session, token)[1]
                return _preview(
                    request, token, options, entity, read, template_error=template_error
                )
    return render(
        request, "plans/import_form.html", {"form": form}, status=422 if form.errors else 200
    )


@require_POST
def plan_import_columns(request: HttpRequest, token: str) -> HttpResponse:
    """The preview again with the columns the planner chose, or without the entity's template;
    or, asked to, those columns kept as the entity's template."""
    entity = _import_entity(request)
    pending = pending_uploads.load(request.session, token)
    if pending is None:
        messages.error(request, "La importación ya no está disponible; cargue el archivo de nuevo.")
        return redirect("plans:import")
    content, options = pending
    action = request.POST.get("action", "")
    if action in ("sin-plantilla", "con-plantilla"):
        changes = {"use_template": action == "con-plantilla", "columns": None}
    else:
        count = len(options.get("labels") or [])
        chosen = [request.POST.get(f"columna-{n}", "") for n in range(1, count + 1)]
        if any(manual_mapping.choice_problem(choice) for choice in chosen if choice):
            raise BadRequest("Campo desconocido.")
        changes = {"columns": chosen}
    pending_uploads.update(request.session, token, **changes)
    options = {**options, **changes}
    try:
        read = importing.import_upload(
            content, options["name"], entity, options, by=request.user, dry_run=True
        )
    except ImportFileError as error:
        return _preview(request, token, options, entity, error=importing.refused(error)[1])
    saved = False
    if action == "guardar-plantilla":
        if entity is None:
            raise PermissionDenied("La plantilla es de una entidad: la guarda su Planeación.")
        import_templates.save_import_template(
            entity, import_columns.template_mapping(read[0]), by=request.user
        )
        pending_uploads.update(request.session, token, use_template=True)
        options["use_template"] = saved = True
    return _preview(request, token, options, entity, read, template_saved=saved)


@require_POST
def plan_import_confirm(request: HttpRequest, token: str) -> HttpResponse:
    entity = _import_entity(request)
    pending = pending_uploads.load(request.session, token)
    if pending is None:
        messages.error(request, "La importación ya no está disponible; cargue el archivo de nuevo.")
        return redirect("plans:import")
    content, info = pending
    if request.POST.get("action") != "confirmar":
        pending_uploads.discard(request.session, token)
        messages.info(request, f"Se canceló la importación de «{info['name']}»; no se guardó nada.")
        return redirect("plans:import")
    target = None
    if info.get("update_plan"):
        target = get_object_or_404(Plan, pk=info["update_plan"], entity=entity)
    elif info.get("activities", 0) > LARGE_IMPORT_ACTIVITIES:
        return _import_in_background(request, token, entity, info)
    try:
        if target is not None:
            _document, update = _read_update(
                content, info["name"], target, by=request.user, dry_run=False
            )
        else:
            _document, result = importing.import_upload(
                content, info["name"], entity, info, by=request.user, dry_run=False
            )
    except ImportFileError as error:
        messages.error(request, importing.refused(error)[1])
        return redirect("plans:import")
    finally:
        pending_uploads.discard(request.session, token)
    if target is not None:
        count = len(update.changes.header) + len(update.changes.activities)
        messages.success(
            request,
            f"Se actualizó «{target.title}» desde «{info['name']}»: "
            f"{count} cambio{'s' if count != 1 else ''}; cada uno queda en el historial.",
        )
        return redirect("plans:edit", target.pk)
    messages.success(
        request,
        f"Se importó «{result.plan.title}» con {result.activities} actividades. Revise las "
        "advertencias en la revisión del plan.",
    )
    return redirect("plans:edit", result.plan.pk)
