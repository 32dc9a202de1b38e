"""What the audit trail's codes and fields are called in Spanish, for the pages that show it.

Every dotted action code the project writes has a label here; a test scans the source for the
codes passed to the audit functions and fails when one has none. Field labels come from the
models' ``verbose_name``; ``FIELDS`` adds only what a model cannot say: keys the services add to
a snapshot and fields declared without a Spanish name.
"""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.db import models
from django.utils.text import capfirst

ACTIONS: dict[str, str] = {
    # plans.services.editing, importing and workflow; plans.admin (created, changed, deleted)
    "plans.plan.created": "Se creó el plan",
    "plans.plan.imported": "Se importó el plan de un documento",
    "plans.plan.updated_from_file": "Se actualizó el borrador desde un archivo",
    "plans.plan.changed": "Se modificó el plan",
    "plans.plan.deleted": "Se eliminó el plan",
    "plans.plan.copied": "Se copió el plan para la vigencia siguiente",
    "plans.plan.submitted": "Se envió el plan al Comité",
    "plans.plan.returned": "El Comité devolvió el plan",
    "plans.plan.approved": "El Comité aprobó el plan",
    "plans.plan.published": "Se publicó el plan",
    "plans.plan.archived": "Se archivó el plan",
    "plans.plan.version_created": "Se creó una nueva versión del plan",
    "plans.activity.created": "Se agregó la actividad",
    "plans.activity.changed": "Se modificó la actividad",
    "plans.activity.deleted": "Se eliminó la actividad",
    "plans.activity.moved": "Se cambió el orden de la actividad",
    "plans.task.created": "Se agregó una tarea",
    "plans.task.changed": "Se modificó una tarea",
    "plans.task.deleted": "Se eliminó una tarea",
    "plans.plan_type.created": "Se agregó un tipo de plan al catálogo",
    "plans.plan_type.changed": "Se modificó un tipo de plan del catálogo",
    "plans.plan_type.deleted": "Se eliminó un tipo de plan del catálogo",
    "plans.plan_type_scheme.created": "Se fijó la periodicidad de un tipo de plan en la entidad",
    "plans.plan_type_scheme.changed": "Se cambió la periodicidad de un tipo de plan en la entidad",
    "plans.plan_type_scheme.deleted": "Se quitó la periodicidad propia de un tipo de plan",
    # -- MIPG catalogue (issue 22) ----------------------------------------------------------
    "plans.mipg_dimension.created": "Se agregó una dimensión al catálogo de MIPG",
    "plans.mipg_dimension.changed": "Se modificó una dimensión del catálogo de MIPG",
    "plans.mipg_dimension.deleted": "Se eliminó una dimensión del catálogo de MIPG",
    "plans.mipg_policy.created": "Se agregó una política al catálogo de MIPG",
    "plans.mipg_policy.changed": "Se modificó una política del catálogo de MIPG",
    "plans.mipg_policy.deleted": "Se eliminó una política del catálogo de MIPG",
    "plans.import_template.created": "Se guardó la plantilla de importación de la entidad",
    "plans.import_template.changed": "Se cambió la plantilla de importación de la entidad",
    # followup.services; followup.admin
    "followup.period.reopened": "Se reabrió la ventana de reporte del periodo",
    "followup.report.created": "Se creó el seguimiento",
    "followup.report.saved": "Se guardó el borrador del seguimiento",
    "followup.report.submitted": "Se envió el seguimiento a Planeación",
    "followup.report.returned": "Planeación devolvió el seguimiento",
    "followup.report.validated": "Planeación validó el seguimiento",
    "followup.report.verified": "Control Interno verificó el seguimiento",
    "followup.report.carried": "Se trasladó el seguimiento a la nueva versión del plan",
    "followup.report.changed": "Se modificó el seguimiento",
    "followup.report.deleted": "Se eliminó el seguimiento",
    "followup.evidence.added": "Se agregó una evidencia al seguimiento",
    # organization.services; organization.admin
    "organization.entity.created": "Se registró la entidad",
    "organization.entity.changed": "Se modificaron los datos de la entidad",
    "organization.entity.deleted": "Se eliminó la entidad",
    "organization.unit.created": "Se creó la dependencia",
    "organization.unit.changed": "Se modificó la dependencia",
    "organization.unit.deleted": "Se eliminó la dependencia",
    "organization.unit.alias.created": "Se agregó un alias de la dependencia",
    "organization.unit.alias.changed": "Se modificó un alias de la dependencia",
    "organization.unit.alias.deleted": "Se eliminó un alias de la dependencia",
    "organization.member.created": "Se vinculó un usuario a la entidad",
    "organization.member.changed": "Se modificó la vinculación de un usuario",
    "organization.member.deleted": "Se eliminó la vinculación de un usuario",
    "organization.user.created": "Se creó un usuario",
    "organization.user.changed": "Se modificaron los datos o permisos de un usuario",
    "organization.user.deleted": "Se eliminó un usuario",
    # -- people management (issue 23): organization.services --------------------------------
    "organization.member.invitation_resent": "Se reenvió la invitación a un usuario",
    "organization.member.corrected": "Se corrigió el correo o el nombre de un usuario",
    "organization.account_request.created": "Un usuario pidió un cambio de sus datos",
    "organization.account_request.applied": "Se aplicó la solicitud de cambio de datos",
    "organization.account_request.dismissed": "Se descartó la solicitud de cambio de datos",
    "organization.api_token.created": "Se creó un token de la API",
    "organization.api_token.revoked": "Se revocó un token de la API",
    # accounts.services
    "accounts.two_factor.enabled": "Se activó la verificación en dos pasos",
    "accounts.two_factor.disabled": "Se desactivó la verificación en dos pasos",
    # participation.services (grupos de valor, personal data)
    "participation.value_group.created": "Se creó un grupo de valor",
    "participation.value_group.changed": "Se modificó un grupo de valor",
    "participation.value_group.deactivated": "Se desactivó un grupo de valor",
    "participation.value_group.reactivated": "Se reactivó un grupo de valor",
    "participation.value_group.characterised": "Se caracterizó un grupo de valor",
    "participation.personal_data.exported": "Se entregaron los datos personales de un titular",
    "participation.personal_data.erased": "Se suprimieron los datos personales de un titular",
    #
    # consultation.services (consulta pública)
    "consultation.consultation.opened": "Se abrió una consulta pública del plan",
    "consultation.consultation.closed": "Se cerró la consulta pública antes de tiempo",
    "consultation.comment.received": "Se recibió una observación de la consulta pública",
    "consultation.comment.hidden": "Se retiró una observación por moderación",
    "consultation.comment.shown": "Se volvió a mostrar una observación retirada",
    "consultation.comment.answered": "Se respondió una observación de la consulta pública",
    "consultation.comment.personal_data_erased": (
        "Se suprimieron los datos personales de una observación"
    ),
    # dialogue.services (espacios de diálogo, asistencia, compromisos)
    "dialogue.event.created": "Se registró un espacio de diálogo",
    "dialogue.event.changed": "Se modificó un espacio de diálogo",
    "dialogue.event.held": "Se marcó como realizado un espacio de diálogo",
    "dialogue.event.cancelled": "Se canceló un espacio de diálogo",
    "dialogue.attendance.recorded": "Se registró la asistencia por grupo de valor",
    "dialogue.attendee.added": "Se agregó un asistente a la lista (con autorización)",
    "dialogue.attendee.removed": "Se quitó un asistente de la lista",
    "dialogue.acta.uploaded": "Se cargó el acta del espacio de diálogo",
    "dialogue.commitment.created": "Se registró un compromiso",
    "dialogue.commitment.changed": "Se modificó un compromiso",
    "dialogue.commitment.closed": "Se cerró un compromiso con evidencia",
    "dialogue.commitment.reopened": "Se reabrió un compromiso",
    "dialogue.commitment.evidence.added": "Se cargó una evidencia de un compromiso",
    #
    # surveys.services (encuestas de satisfacción)
    "surveys.survey.created": "Se creó una encuesta de satisfacción",
    "surveys.survey.changed": "Se modificó una encuesta de satisfacción",
    "surveys.survey.opened": "Se abrió una encuesta de satisfacción",
    "surveys.survey.closed": "Se cerró una encuesta de satisfacción",
    "surveys.survey.duplicated": "Se duplicó una encuesta de satisfacción",
    "surveys.question.added": "Se agregó una pregunta a una encuesta",
    "surveys.question.changed": "Se modificó una pregunta de una encuesta",
    "surveys.question.deleted": "Se eliminó una pregunta de una encuesta",
    "surveys.question.moved": "Se cambió el orden de las preguntas de una encuesta",
    "surveys.codes.generated": "Se generaron códigos de respuesta de una encuesta",
    "surveys.response.personal_data_erased": "Se suprimió el correo de una respuesta a encuesta",
    #
    # followup.sources (indicators fed by participation records)
    "followup.indicator_source.set": "Se cambió la fuente del indicador",
    #
    # improvement.services (planes de mejoramiento: hallazgos y acciones de mejora)
    "improvement.finding.created": "Control Interno registró un hallazgo",
    "improvement.finding.changed": "Control Interno modificó un hallazgo",
    "improvement.finding.closed": "Control Interno cerró un hallazgo",
    "improvement.finding.reopened": "Control Interno reabrió un hallazgo",
    "improvement.action.created": "Planeación agregó una acción de mejora a un hallazgo",
    #
    # development.services (Plan de Desarrollo: líneas, programas, metas and their activities)
    "development.plan.created": "Se creó un Plan de Desarrollo",
    "development.plan.changed": "Se modificó un Plan de Desarrollo",
    "development.plan.imported": "Se importó el Plan Indicativo de un Plan de Desarrollo",
    "development.line.created": "Se creó una línea estratégica",
    "development.line.changed": "Se modificó una línea estratégica",
    "development.line.deleted": "Se eliminó una línea estratégica",
    "development.line.moved": "Se cambió el orden de las líneas estratégicas",
    "development.program.created": "Se creó un programa del Plan de Desarrollo",
    "development.program.changed": "Se modificó un programa del Plan de Desarrollo",
    "development.program.deleted": "Se eliminó un programa del Plan de Desarrollo",
    "development.program.moved": "Se cambió el orden de los programas",
    "development.goal.created": "Se creó una meta del Plan de Desarrollo",
    "development.goal.changed": "Se modificó una meta del Plan de Desarrollo",
    "development.goal.deleted": "Se eliminó una meta del Plan de Desarrollo",
    "development.goal.moved": "Se cambió el orden de las metas",
    "development.goal.measured": "Se registró la medición de una meta de resultado",
    "development.link.created": "Se vinculó una actividad a una meta de producto",
    "development.link.changed": "Se cambió el peso de una actividad en una meta de producto",
    "development.link.deleted": "Se desvinculó una actividad de una meta de producto",
}

# Model label → snapshot key → label, for what verbose_name cannot give.
FIELDS: dict[str, dict[str, str]] = {
    "plans.activity": {
        "tasks": "Tareas",
        "followup": "Seguimiento escrito en el formato",
        "reports": "Seguimientos",
    },
    "followup.report": {"submitted_by_id": "Enviado por", "validated_by_id": "Validado por"},
    "followup.evidence": {"uploaded_by_id": "Cargada por"},
    "followup.verification": {"verified_by_id": "Verificado por"},
    "organization.unit": {"aliases": "Alias"},
    "organization.membership": {"is_active": "Usuario activo"},
    "organization.user": {"dispositivo": "Dispositivo"},
    "dialogue.event": {
        "attendance": "Asistencia por grupo de valor",
        "attendee": "Asistente (número de registro)",
        "attendee_group": "Grupo de valor del asistente",
    },
}

# Fields that change with every save and tell a person nothing.
NOISE = frozenset({"created_at", "updated_at", "revision"})


def action_label(code: str) -> str:
    """The Spanish label of an action code; an unknown code still reads as a sentence."""
    return ACTIONS.get(code) or f"Cambio registrado («{code}»)"


def model_field(object_type: str, name: str) -> models.Field | None:
    """The field of the model ``object_type`` (a model label) with that attname or name."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    for field in [*model._meta.concrete_fields, *model._meta.many_to_many]:
        if name in (field.attname, field.name):
            return field
    return None


def has_spanish_name(field: models.Field) -> bool:
    """Whether the field declares its verbose_name (Django's default is the English name)."""
    return "verbose_name" in field.deconstruct()[3]


@cache
def field_label(object_type: str, name: str) -> str:
    """The Spanish label of a snapshot key of an object type, e.g. ("plans.activity",
    "weight") → "Ponderación"."""
    label = FIELDS.get(object_type, {}).get(name)
    if label:
        return label
    field = model_field(object_type, name)
    if field is not None and has_spanish_name(field):
        return capfirst(str(field.verbose_name))
    return capfirst(name.replace("_", " "))


def object_label(object_type: str) -> str:
    """The model's own name: "plans.activity" → "Actividad"."""
    try:
        return capfirst(str(apps.get_model(object_type)._meta.verbose_name))
    except (LookupError, ValueError):
        return "Objeto"
