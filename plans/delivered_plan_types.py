"""The plan-type catalogue as delivered, installed by migrations 0002 and 0007: the 12 plans that
Decreto 612 de 2018 integrates into the plan de acción, plus the plans entities formulate in the
same format. Administrators edit it afterwards (plans.services.plan_types)."""

DECRETO_612 = "Decreto 612 de 2018"
PLAN_TYPES = [
    (
        "plan-accion-institucional",
        "Plan de Acción Institucional",
        "Ley 1474 de 2011, art. 74",
        "plan de accion institucional",
    ),
    (
        "pinar",
        "Plan Institucional de Archivos de la Entidad (PINAR)",
        DECRETO_612,
        "pinar, plan institucional de archivos, gestion documental",
    ),
    (
        "plan-anual-adquisiciones",
        "Plan Anual de Adquisiciones",
        DECRETO_612,
        "plan anual de adquisiciones",
    ),
    ("plan-anual-vacantes", "Plan Anual de Vacantes", DECRETO_612, "plan anual de vacantes"),
    (
        "prevision-recursos-humanos",
        "Plan de Previsión de Recursos Humanos",
        DECRETO_612,
        "prevision de recursos humanos",
    ),
    (
        "plan-estrategico-talento-humano",
        "Plan Estratégico de Talento Humano",
        DECRETO_612,
        "talento humano",
    ),
    (
        "plan-institucional-capacitacion",
        "Plan Institucional de Capacitación",
        DECRETO_612,
        "plan institucional de capacitacion",
    ),
    (
        "plan-incentivos",
        "Plan de Incentivos Institucionales",
        DECRETO_612,
        "plan de incentivos, bienestar e incentivos",
    ),
    (
        "seguridad-salud-trabajo",
        "Plan de Trabajo Anual en Seguridad y Salud en el Trabajo",
        DECRETO_612,
        "seguridad y salud en el trabajo, sg-sst",
    ),
    (
        "plan-anticorrupcion",
        "Plan Anticorrupción y de Atención al Ciudadano",
        f"{DECRETO_612}; Ley 1474 de 2011, art. 73 (en transición al Programa de Transparencia y "
        "Ética Pública, Ley 2195 de 2022)",
        "anticorrupcion, atencion al ciudadano, transparencia y etica publica",
    ),
    (
        "peti",
        "Plan Estratégico de Tecnologías de la Información y las Comunicaciones (PETI)",
        DECRETO_612,
        "peti, tecnologias de la informacion",
    ),
    (
        "tratamiento-riesgos-seguridad-informacion",
        "Plan de Tratamiento de Riesgos de Seguridad y Privacidad de la Información",
        DECRETO_612,
        "tratamiento de riesgos de seguridad",
    ),
    (
        "seguridad-privacidad-informacion",
        "Plan de Seguridad y Privacidad de la Información",
        DECRETO_612,
        "seguridad y privacidad de la informacion",
    ),
    (
        "participacion-ciudadana",
        "Plan de Acción de Participación Ciudadana",
        "Ley 1757 de 2015; MIPG, política de Participación Ciudadana en la Gestión Pública",
        "participacion ciudadana, rendicion de cuentas",
    ),
    (
        "plan-mejoramiento",
        "Plan de Mejoramiento",
        "Hallazgos de control interno y entes de control",
        "plan de mejoramiento, hallazgos",
    ),
    # What an import falls back on when a document names none of the above; never recognised
    # by keywords (plans.services.importing.GENERIC_TYPE).
    (
        "plan-accion",
        "Plan de acción",
        "Ley 1474 de 2011, art. 74 (plan de acción sin un tipo del catálogo)",
        "",
    ),
]

# Synonyms the delivered keywords gained after the catalogue was first installed (issue 18):
# added to an installed catalogue without touching what an administrator wrote.
SYNONYMS = {
    "plan-accion-institucional": "plan de accion anual, plan operativo anual",
    "plan-anual-adquisiciones": "paa",
    "plan-institucional-capacitacion": "pic",
    "plan-estrategico-talento-humano": "peth",
    "plan-incentivos": "bienestar social",
    "seguridad-salud-trabajo": "sst",
    "plan-anticorrupcion": "paac, plan anticorrupcion",
}


# Types whose follow-up the law sets as four-monthly (cut-offs 30 Apr, 31 Aug, 31 Dec): the Plan
# Anticorrupción y de Atención al Ciudadano (Decreto 124 de 2016). An entity may choose otherwise.
FOUR_MONTHLY_TYPES = {"plan-anticorrupcion": "cuatrimestral"}


def due_by_january(code: str, legal_basis: str) -> bool:
    """Whether a delivered type is published by 31 January: the plan de acción (Ley 1474 de 2011,
    art. 74) and the plans Decreto 612 de 2018 integrates into it."""
    return code == "plan-accion-institucional" or DECRETO_612 in legal_basis


def install_plan_types(plan_type_model) -> None:
    """Create or refresh the delivered catalogue; types an administrator added are kept, and so
    is the follow-up rhythm an administrator set (it is given only when a type is created)."""
    fields = {f.name for f in plan_type_model._meta.get_fields()}
    has_scheme = "followup_scheme" in fields
    for position, (code, name, legal_basis, delivered) in enumerate(PLAN_TYPES, start=1):
        keywords = ", ".join(filter(None, [delivered, SYNONYMS.get(code, "")]))
        created = {"followup_scheme": FOUR_MONTHLY_TYPES.get(code, "")} if has_scheme else {}
        if "due_january" in fields:
            created["due_january"] = due_by_january(code, legal_basis)
        plan_type_model.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "legal_basis": legal_basis,
                "keywords": keywords,
                "position": position,
            },
            create_defaults={
                "name": name,
                "legal_basis": legal_basis,
                "keywords": keywords,
                "position": position,
                **created,
            },
        )


def add_generic_type_and_synonyms(plan_type_model) -> None:
    """For a catalogue installed before issue 18: the generic «Plan de acción» type if it is
    missing, and the delivered synonyms each type lacks, appended to its keywords."""
    code, name, legal_basis, keywords = PLAN_TYPES[-1]
    plan_type_model.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "legal_basis": legal_basis,
            "keywords": keywords,
            "position": len(PLAN_TYPES),
        },
    )
    for plan_type in plan_type_model.objects.filter(code__in=SYNONYMS):
        have = [k.strip() for k in plan_type.keywords.split(",") if k.strip()]
        added = [k.strip() for k in SYNONYMS[plan_type.code].split(",") if k.strip() not in have]
        keywords = ", ".join(have + added)
        if added and len(keywords) <= 300:
            plan_type.keywords = keywords
            plan_type.save(update_fields=["keywords"])
