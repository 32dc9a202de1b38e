"""The demonstration: the Alcaldía de Cartago (Valle del Cauca) and its seed plan.

The directory below is illustrative: the dependencias a Colombian municipality of this size
usually has, with the two the seed names spelled as the entity writes them.
"""

SEED_PLAN = "mesg-as-f17-participacion-ciudadana.txt"

DEMO_ENTITY = {
    "name": "Alcaldía de Cartago",
    "nit": "891900493-2",
    "department": "Valle del Cauca",
    "municipality": "Cartago",
    # DIVIPOLA of the DANE; Cartago is a municipality of third category (Ley 617 de 2000).
    "department_code": "76",
    "municipality_code": "76147",
    "kind": "alcaldia",
    "order": "territorial",
    "category": "3",
    "address": "Centro Administrativo Municipal – CAM, Calle 8 No 6 – 52",
    "postal_code": "762021",
    "website": "www.cartago.gov.co",
}

PLANNING = "Secretaría de Planeación, Medio Ambiente y Desarrollo Económico"
ADMINISTRATIVE = "Secretaría de Servicios Administrativos"

# (name, aliases, is_whole_entity)
DEMO_UNITS = [
    ("Despacho del Alcalde", ["Despacho"], False),
    (PLANNING, ["Planeación", "Secretaría de Planeación"], False),
    (ADMINISTRATIVE, ["Servicios Administrativos"], False),
    ("Secretaría de Hacienda", ["Hacienda"], False),
    ("Secretaría de Gobierno", ["Gobierno"], False),
    ("Secretaría de Educación", ["Educación"], False),
    ("Secretaría de Salud", ["Salud"], False),
    ("Secretaría de Infraestructura", ["Obras Públicas"], False),
    ("Secretaría de Desarrollo Social", ["Desarrollo Social"], False),
    ("Oficina de Control Interno", ["Control Interno", "OCI"], False),
    ("Oficina Asesora Jurídica", ["Jurídica"], False),
    ("Administración Municipal", ["Toda la administración"], True),
]

DEMO_USERS = [
    {
        "username": "planeacion",
        "role": "planner",
        "label": "Planeación",
        "first_name": "Ana",
        "last_name": "Planeación",
        "email": "planeacion@demo.invalid",
    },
    {
        "username": "responsable",
        "role": "reporter",
        "label": "Responsable (Servicios Adm.)",
        "first_name": "Luis",
        "last_name": "Servicios Administrativos",
        "email": "responsable@demo.invalid",
        "units": [ADMINISTRATIVE],
    },
    {
        "username": "enlace",
        "role": "reporter",
        "label": "Responsable (Planeación)",
        "first_name": "Sofía",
        "last_name": "Enlace de Planeación",
        "email": "enlace@demo.invalid",
        "units": [PLANNING],
    },
    {
        "username": "controlinterno",
        "role": "auditor",
        "label": "Control Interno",
        "first_name": "Marta",
        "last_name": "Control Interno",
        "email": "controlinterno@demo.invalid",
    },
    {
        "username": "consulta",
        "role": "viewer",
        "label": "Consulta",
        "first_name": "Jorge",
        "last_name": "Consulta",
        "email": "consulta@demo.invalid",
    },
    {
        "username": "comite",
        "role": "viewer",
        "can_approve": True,
        "label": "Aprueba por el Comité",
        "first_name": "Carmen",
        "last_name": "Comité",
        "email": "comite@demo.invalid",
    },
    {
        "username": "admin",
        "role": "superuser",
        "label": "Administrador del sistema",
        "first_name": "Admin",
        "last_name": "Sistema",
        "email": "admin@demo.invalid",
    },
]

EVIDENCE_PDF = "autodiagnostico-participacion.pdf"

# What Planeación sets when it formulates the seed plan (its cronograma and targets are empty):
# activity number -> (months, annual target).
SCHEDULE = {
    1: ([2, 3], 1),
    2: ([3, 4], 1),
    3: ([3, 6], 24),
    4: ([4, 5], 2),
    5: ([5, 6, 7, 8], 1),
    6: ([6, 12], 2),
    7: ([3, 9], 2),
    8: (list(range(1, 13)), 12),
    9: ([4, 5], 1),
}

# The first-quarter follow-up: activity -> (reporter, cumulative result, narrative, outcome).
FIRST_QUARTER = {
    1: (
        "enlace",
        1,
        "Se aplicó el autodiagnóstico MIPG el 18 de marzo; se adjunta el resultado.",
        "verificado",
    ),
    2: ("enlace", 0, "La estrategia está en construcción con las dependencias.", "devuelto"),
    3: (
        "responsable",
        12,
        "El 12 de marzo se capacitó a 12 funcionarios en caracterización de grupos de valor, en "
        "el auditorio del CAM; la asistencia está en el espacio registrado.",
        "enviado",
    ),
    8: ("enlace", 2, "Se publicaron el plan anticorrupción y el informe de PQRSD.", "validado"),
}

# What a sourced activity reports in the first quarter when the demo is loaded before its records
# happened (say on 10 January): the figure the records give so far, with this narrative.
FIRST_QUARTER_BEFORE_RECORDS = {
    3: "La capacitación en caracterización de grupos de valor está programada para el 12 de marzo.",
}

# A four-monthly Plan Anticorrupción y de Atención al Ciudadano (its legal rhythm: cut-offs
# 30 April, 31 August, 31 December), by its components (Decreto 124 de 2016): activity number ->
# (description, tasks, months, deliverable, indicator formula, annual target, dependencia).
ANTICORRUPTION = {
    1: (
        "Actualizar el mapa de riesgos de corrupción con las dependencias",
        ["Convocar a las dependencias", "Consolidar y publicar el mapa"],
        [1, 2, 3],
        "Mapa de riesgos de corrupción publicado",
        "Mapas de riesgos actualizados y publicados",
        1,
        PLANNING,
    ),
    2: (
        "Racionalizar los trámites de mayor demanda inscritos en el SUIT",
        ["Priorizar trámites", "Simplificar requisitos", "Registrar en el SUIT"],
        [3, 4, 5, 6, 7, 8],
        "Trámites racionalizados en el SUIT",
        "Trámites racionalizados",
        3,
        ADMINISTRATIVE,
    ),
    3: (
        "Publicar cada cuatrimestre el informe de peticiones, quejas, reclamos y sugerencias",
        [
            "Consolidar las PQRSD",
            "Publicar el informe",
            "Publicar su resumen en la cartelera del CAM y en las redes de la Alcaldía",
        ],
        [4, 8, 12],
        "Informe de PQRSD publicado",
        "Informes de PQRSD publicados",
        3,
        ADMINISTRATIVE,
    ),
    4: (
        "Actualizar la sección de transparencia y acceso a la información del sitio web",
        ["Revisar el índice de la Resolución 1519 de 2020", "Publicar lo que falte"],
        [6, 12],
        "Sección de transparencia actualizada",
        "Revisiones del índice de transparencia hechas",
        2,
        PLANNING,
    ),
}

# The first four-month period's follow-up: activity -> (reporter, result, narrative, outcome).
FIRST_FOUR_MONTHS = {
    1: ("enlace", 1, "Mapa de riesgos de corrupción publicado el 30 de marzo.", "validado"),
    3: ("responsable", 1, "Informe de PQRSD del primer cuatrimestre publicado.", "validado"),
}
