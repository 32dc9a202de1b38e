"""The MIPG catalogue as delivered, installed by migration 0010: the seven dimensions of the
Modelo Integrado de Planeación y Gestión (Decreto 1499 de 2017) and the 19 políticas de gestión y
desempeño institucional of Decreto 1083 de 2015, art. 2.2.22.2.1, each under the dimension the
Manual Operativo de MIPG (versión 4, 2021) places it in. Administrators edit it afterwards."""

DIMENSIONS = [
    (1, "Talento Humano"),
    (2, "Direccionamiento Estratégico y Planeación"),
    (3, "Gestión con Valores para Resultados"),
    (4, "Evaluación de Resultados"),
    (5, "Información y Comunicación"),
    (6, "Gestión del Conocimiento y la Innovación"),
    (7, "Control Interno"),
]

# (dimension number, code, name)
POLICIES = [
    (1, "talento-humano", "Gestión Estratégica del Talento Humano"),
    (1, "integridad", "Integridad"),
    (2, "planeacion-institucional", "Planeación Institucional"),
    (2, "gestion-presupuestal", "Gestión Presupuestal y Eficiencia del Gasto Público"),
    (2, "compras-contratacion", "Compras y Contratación Pública"),
    (
        3,
        "fortalecimiento-organizacional",
        "Fortalecimiento Organizacional y Simplificación de Procesos",
    ),
    (3, "gobierno-digital", "Gobierno Digital"),
    (3, "seguridad-digital", "Seguridad Digital"),
    (3, "defensa-juridica", "Defensa Jurídica"),
    (3, "mejora-normativa", "Mejora Normativa"),
    (3, "servicio-ciudadano", "Servicio al Ciudadano"),
    (3, "racionalizacion-tramites", "Racionalización de Trámites"),
    (3, "participacion-ciudadana", "Participación Ciudadana en la Gestión Pública"),
    (4, "seguimiento-evaluacion", "Seguimiento y Evaluación del Desempeño Institucional"),
    (
        5,
        "transparencia",
        "Transparencia, Acceso a la Información Pública y Lucha contra la Corrupción",
    ),
    (5, "gestion-documental", "Gestión Documental"),
    (5, "informacion-estadistica", "Gestión de la Información Estadística"),
    (6, "gestion-conocimiento", "Gestión del Conocimiento y la Innovación"),
    (7, "control-interno", "Control Interno"),
]


def install_mipg_catalogue(dimension_model, policy_model) -> None:
    """Install what is missing of the delivered catalogue (migration 0010 with its historical
    models; tests whose transactional tables were emptied, with the real ones)."""
    dimensions = {
        number: dimension_model.objects.get_or_create(number=number, defaults={"name": name})[0]
        for number, name in DIMENSIONS
    }
    for position, (number, code, name) in enumerate(POLICIES, start=1):
        policy_model.objects.get_or_create(
            code=code,
            defaults={"name": name, "dimension": dimensions[number], "position": position},
        )
