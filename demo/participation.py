"""The demo's participation records (issue 21): the Alcaldía de Cartago's grupos de valor, the
dialogue spaces, compromisos and satisfaction surveys of the vigencia that feed the seed plan's
activities 3, 6, 7 and 9, and the consulta pública of its Plan Anticorrupción.

The demo stands for the vigencia in course whatever day it is loaded, and the services refuse
to mark an event held, close a compromiso or take an answer on a day after today. So every
record here has a day in the year and happens only if that day is not after today: an event
whose day has not come stays programado, a compromiso not yet due stays open, a survey whose
window has not ended stays open.

Where a window is already over (a survey of June loaded in December, the consulta pública of
January), the demo runs the services on a window that includes today, so the records go through
their checks, and then writes their dates back to when they happened, as load_demo does with a
plan's published_at. Those writes are marked «history» below.
"""

from __future__ import annotations

import datetime
from itertools import cycle
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from consultation import services as consultation
from consultation.models import Comment, Consultation
from dialogue import services as dialogue
from dialogue.models import Event
from followup.sources import set_indicator_source
from participation import characterisation
from participation.models import Consent, ValueGroup
from participation.services import characterise_value_group, install_default_value_groups
from plans.models import Activity
from surveys import services as surveys
from surveys.models import Question, Response, Survey

DATA = Path(__file__).resolve().parent / "data"
Source = Activity.IndicatorSource
Dimension = ValueGroup.Dimension

CITIZENS = "Ciudadanía en general"
COMMUNITY_BOARDS = "Juntas de Acción Comunal"
ORGANISATIONS = "Organizaciones sociales y comunitarias"
YOUTH = "Jóvenes"
WOMEN = "Mujeres"
ELDERLY = "Personas mayores"
VICTIMS = "Población víctima del conflicto"
RURAL = "Población rural (veredas y corregimientos)"
BUSINESS = "Gremios y sector productivo"
STAFF = "Servidores públicos y contratistas"

# The seed plan's activities whose indicator the records feed: number -> (source, event kind).
SOURCES = {
    3: (Source.ATTENDANCE, Event.Kind.TRAINING),
    6: (Source.SURVEYS_CLOSED, ""),
    7: (Source.EVENTS_HELD, ""),
    9: (Source.EVENTS_WITH_COMMITMENTS, ""),
}

CARTAGO = "Cartago"
CAM = "Auditorio del Centro Administrativo Municipal (CAM), Calle 8 No 6 – 52"

# The vigencia's dialogue spaces: (month, day, hour, hours long, kind, title, place, vereda,
# activity number, grupos de valor convocados, attendance by grupo once held, acta file).
EVENTS = [
    (
        3,
        12,
        8,
        4,
        Event.Kind.TRAINING,
        "Capacitación en caracterización de grupos de valor (primer grupo)",
        CAM,
        "",
        3,
        [STAFF],
        {STAFF: 12},
        "",
    ),
    (
        3,
        26,
        9,
        3,
        Event.Kind.MEETING,
        "Encuentro ciudadano descentralizado en el corregimiento de Zaragoza",
        "Institución Educativa del corregimiento de Zaragoza",
        "Corregimiento de Zaragoza",
        7,
        [RURAL, COMMUNITY_BOARDS, WOMEN, ELDERLY],
        {RURAL: 21, COMMUNITY_BOARDS: 8, WOMEN: 6, ELDERLY: 4},
        "acta-encuentro-zaragoza.pdf",
    ),
    (
        4,
        28,
        8,
        4,
        Event.Kind.PUBLIC_HEARING,
        "Audiencia pública de rendición de cuentas de la vigencia anterior",
        CAM,
        "",
        9,
        [CITIZENS, COMMUNITY_BOARDS, ORGANISATIONS, YOUTH, VICTIMS, BUSINESS],
        {CITIZENS: 64, COMMUNITY_BOARDS: 22, ORGANISATIONS: 15, YOUTH: 18, VICTIMS: 9, BUSINESS: 7},
        "acta-audiencia-rendicion-de-cuentas.pdf",
    ),
    (
        6,
        16,
        8,
        4,
        Event.Kind.TRAINING,
        "Capacitación en caracterización de grupos de valor (segundo grupo)",
        CAM,
        "",
        3,
        [STAFF],
        {STAFF: 12},
        "",
    ),
    (
        9,
        17,
        15,
        2,
        Event.Kind.WORKING_TABLE,
        "Mesa de trabajo con la comunidad de la vereda Coloradas",
        "Caseta comunal de la vereda Coloradas",
        "Vereda Coloradas",
        7,
        [RURAL, COMMUNITY_BOARDS, YOUTH, ORGANISATIONS],
        {RURAL: 14, COMMUNITY_BOARDS: 5, YOUTH: 7, ORGANISATIONS: 3},
        "",
    ),
]

# The audiencia's compromisos (its plan de mejoramiento): (text, dependencia, due (month, day),
# closed on (month, day) with its evidence link, or None).
COMMITMENTS = [
    (
        "Publicar en el sitio web el informe trimestral de PQRSD por dependencia.",
        "Secretaría de Servicios Administrativos",
        (6, 30),
        ((6, 25), "https://www.cartago.gov.co/transparencia/pqrsd"),
    ),
    (
        "Programar la reparación de la vía terciaria a la vereda Coloradas.",
        "Secretaría de Infraestructura",
        (8, 31),
        None,
    ),
    (
        "Abrir una jornada mensual de atención en salud en el corregimiento de Zaragoza.",
        "Secretaría de Salud",
        (12, 15),
        None,
    ),
]

# The satisfaction survey of the first semester's spaces (activity 6): answers by grupo de
# valor. Some groups reach the minimum of 5 responses, others do not and are not shown apart.
JUNE_SURVEY_GROUPS = {CITIZENS: 8, COMMUNITY_BOARDS: 6, RURAL: 5, YOUTH: 3, ELDERLY: 2, WOMEN: 2}
HEARD_FROM = [
    "Junta de Acción Comunal",
    "Redes sociales de la Alcaldía",
    "Emisora local",
    "Perifoneo o carteles",
    "Otro",
]
SUGGESTIONS = [
    "Hacer los encuentros en la tarde, cuando terminan las labores del campo.",
    "Enviar la información antes del encuentro.",
    "Que vuelvan a la vereda a contar qué se hizo.",
]

# The consulta pública of the Plan Anticorrupción: (day of January, name, e-mail, grupo de
# valor, place, activity number or None for the whole plan, text, answer status, answer, change
# made, reason for hiding it or "").
OBSERVATIONS = [
    (
        3,
        "María Ospina",
        "maria.ospina@demo.invalid",
        CITIZENS,
        "Cartago, barrio El Prado",
        None,
        "El plan no dice cómo se va a informar a la ciudadanía del avance de cada componente. "
        "Propongo publicar un resumen cada cuatrimestre en la cartelera del CAM y en redes.",
        Comment.Status.ACCEPTED,
        "Tiene razón: el seguimiento de cada cuatrimestre se publicará también en lenguaje claro.",
        "Se agregó a la actividad 3 la publicación del resumen cuatrimestral en la cartelera del "
        "CAM y en las redes de la Alcaldía.",
        "",
    ),
    (
        4,
        "Junta de Acción Comunal de Zaragoza",
        "jac.zaragoza@demo.invalid",
        COMMUNITY_BOARDS,
        "Corregimiento de Zaragoza",
        2,
        "Los trámites de la Secretaría de Hacienda obligan a viajar al casco urbano. Pedimos que "
        "la racionalización incluya hacerlos en línea o en el corregimiento.",
        Comment.Status.PARTLY_ACCEPTED,
        "Se priorizan en línea el paz y salvo y el certificado de estratificación; los demás "
        "trámites requieren firma presencial en esta vigencia.",
        "Se incluyeron el paz y salvo y el certificado de estratificación entre los trámites "
        "por racionalizar en el SUIT.",
        "",
    ),
    (
        5,
        "",
        "veeduria.coloradas@demo.invalid",
        RURAL,
        "Vereda Coloradas",
        1,
        "El mapa de riesgos debería incluir los contratos de mantenimiento de vías terciarias.",
        Comment.Status.ACCEPTED,
        "Se incluyó el riesgo en el proceso de contratación de obras.",
        "El mapa de riesgos de corrupción incluye el riesgo de direccionamiento de los contratos "
        "de mantenimiento de vías terciarias.",
        "",
    ),
    (
        7,
        "Andrés Cardona",
        "andres.cardona@demo.invalid",
        YOUTH,
        "Cartago",
        4,
        "La sección de transparencia debería tener los datos en formatos abiertos.",
        Comment.Status.NOT_ACCEPTED,
        "La sección ya publica los datos abiertos del plan de acción en CSV y JSON; el índice "
        "de la Resolución 1519 de 2020 no pide más en esta actividad.",
        "",
        "",
    ),
    (
        8,
        "",
        "anonimo@demo.invalid",
        CITIZENS,
        "Cartago",
        3,
        "Quiero denunciar al funcionario de la ventanilla, con nombre y número de cédula.",
        Comment.Status.NOT_ACCEPTED,
        "Las denuncias contra servidores públicos se reciben por el canal de PQRSD, que protege "
        "los datos de quien denuncia y de quien es denunciado.",
        "",
        "Contiene datos personales de un tercero; se orientó a presentar la denuncia por el "
        "canal de PQRSD.",
    ),
]


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """That local moment, or now if it is still to come (history never runs ahead of today)."""
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))
    return min(moment, timezone.now())


def value_groups(entity, users) -> dict[str, ValueGroup]:
    """The default register, with the aggregate characterisation of three groups."""
    planner = users["planeacion"]
    groups = {group.name: group for group in install_default_value_groups(entity, by=planner)}
    year = timezone.localdate().year
    census = "DANE, Censo Nacional de Población y Vivienda 2018 (proyección)"
    sisben = "Sisbén IV, base certificada de la entidad"
    row = characterisation.row
    percent = characterisation.PERCENT
    rows = {
        CITIZENS: [
            row(
                Dimension.GEOGRAPHIC,
                "Ubicación (urbana / rural)",
                "Urbana",
                97.6,
                unit=percent,
                source=census,
            ),
            row(
                Dimension.GEOGRAPHIC,
                "Ubicación (urbana / rural)",
                "Rural",
                2.4,
                unit=percent,
                source=census,
            ),
            row(
                Dimension.BEHAVIOURAL,
                "Canales de atención usados",
                "Presencial",
                61,
                unit=percent,
                source="Informe de PQRSD de la vigencia anterior",
            ),
            row(
                Dimension.BEHAVIOURAL,
                "Canales de atención usados",
                "Canales digitales (sitio web)",
                27,
                unit=percent,
                source="Informe de PQRSD de la vigencia anterior",
            ),
            row(
                Dimension.BEHAVIOURAL,
                "Canales de atención usados",
                "Línea de atención",
                12,
                unit=percent,
                source="Informe de PQRSD de la vigencia anterior",
            ),
        ],
        RURAL: [
            row(
                Dimension.GEOGRAPHIC,
                "Vereda o corregimiento",
                "Corregimiento de Zaragoza",
                1480,
                source=sisben,
            ),
            row(
                Dimension.GEOGRAPHIC,
                "Vereda o corregimiento",
                "Vereda Coloradas",
                620,
                source=sisben,
            ),
            row(
                Dimension.GEOGRAPHIC,
                "Vereda o corregimiento",
                "Vereda Piedras de Moler",
                410,
                source=sisben,
            ),
            row(
                Dimension.GEOGRAPHIC, "Vereda o corregimiento", "Otras veredas", 730, source=sisben
            ),
            row(
                Dimension.INTRINSIC,
                "Acceso a canales (internet, teléfono, radio)",
                "Con internet en el hogar",
                34,
                unit=percent,
                source=sisben,
            ),
            row(
                Dimension.INTRINSIC,
                "Acceso a canales (internet, teléfono, radio)",
                "Escucha la emisora local",
                78,
                unit=percent,
                source=sisben,
            ),
        ],
        YOUTH: [
            row(Dimension.DEMOGRAPHIC, "Edad", "14 a 17 años", 27, unit=percent, source=census),
            row(Dimension.DEMOGRAPHIC, "Edad", "18 a 22 años", 35, unit=percent, source=census),
            row(Dimension.DEMOGRAPHIC, "Edad", "23 a 28 años", 38, unit=percent, source=census),
            row(Dimension.DEMOGRAPHIC, "Sexo", "Mujeres", 50.8, unit=percent, source=census),
            row(Dimension.DEMOGRAPHIC, "Sexo", "Hombres", 49.2, unit=percent, source=census),
            row(
                Dimension.INTRINSIC,
                "Uso de redes sociales",
                "Usa redes sociales a diario",
                88,
                unit=percent,
                source="Encuesta de la Plataforma Municipal de Juventudes",
            ),
        ],
    }
    stamped = datetime.date(year, 1, 1)
    for name, items in rows.items():
        dated = [(dimension, {**item, "date": stamped.isoformat()}) for dimension, item in items]
        groups[name] = characterise_value_group(groups[name], dated, by=planner)
    return groups


def indicator_sources(plan, users) -> None:
    """Planeación links activities 3, 6, 7 and 9 to the records that feed them."""
    for number, (source, kind) in SOURCES.items():
        activity = plan.activities.get(number=number)
        set_indicator_source(activity, by=users["planeacion"], source=source, event_kind=kind)


def events(plan, units, users, groups) -> list[Event]:
    """The vigencia's dialogue spaces, held up to today, and one coming soon for the calendar."""
    planner = users["planeacion"]
    entity, today, year = plan.entity, timezone.localdate(), plan.year
    activities = {a.number: a for a in plan.activities.all()}
    created = []
    for month, day, hour, hours, kind, title, place, vereda, number, invited, came, acta in EVENTS:
        starts = timezone.make_aware(datetime.datetime(year, month, day, hour))
        event = dialogue.create_event(
            entity,
            by=planner,
            value_groups=[groups[name] for name in invited],
            title=title,
            kind=kind,
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=hours),
            place=place,
            municipality=CARTAGO,
            vereda=vereda,
            activity=activities[number],
            description=f"Espacio de la actividad {number} del plan de participación ciudadana.",
        )
        created.append(event)
        if starts.date() > today:
            continue  # still to come: programado
        event = dialogue.mark_held(event, by=planner, expected_revision=event.revision)
        held = min(event.ends_at, timezone.now())
        Event.objects.filter(pk=event.pk).update(held_at=held)  # history: marked as it ended
        dialogue.record_attendance(
            event, {groups[name].pk: count for name, count in came.items()}, by=planner
        )
        if acta:
            upload = SimpleUploadedFile(acta, (DATA / acta).read_bytes())
            dialogue.upload_acta(event, upload, by=planner)
        if kind == Event.Kind.PUBLIC_HEARING:
            _commitments(event, units, users)
    created.append(_upcoming(plan, activities[7], planner, groups))
    return created


def _commitments(event: Event, units, users) -> None:
    """The audiencia's plan de mejoramiento: closed only on a day already past."""
    planner, today, year = users["planeacion"], timezone.localdate(), event.starts_at.year
    closers = {"Secretaría de Servicios Administrativos": users["responsable"]}
    for text, unit, (month, day), closing in COMMITMENTS:
        commitment = dialogue.create_commitment(
            event,
            by=planner,
            description=text,
            unit=units[unit],
            due_date=datetime.date(year, month, day),
        )
        if closing is None:
            continue
        (close_month, close_day), link = closing
        closed_on = datetime.date(year, close_month, close_day)
        if closed_on > today:
            continue
        dialogue.close_commitment(
            commitment,
            by=closers.get(unit, planner),
            note="Publicado en la sección de transparencia del sitio web de la Alcaldía.",
            expected_revision=commitment.revision,
            evidence=dialogue.EvidenceData(url=link, description="Informe publicado"),
            closed_on=closed_on,
        )


def _upcoming(plan, activity, planner, groups) -> Event:
    """A mesa de trabajo twelve days from now: the public calendar always shows one."""
    day = timezone.localdate() + datetime.timedelta(days=12)
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
    return dialogue.create_event(
        plan.entity,
        by=planner,
        value_groups=[groups[RURAL], groups[COMMUNITY_BOARDS]],
        title="Mesa de trabajo de seguimiento a los compromisos en la vereda Piedras de Moler",
        kind=Event.Kind.WORKING_TABLE,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Escuela de la vereda Piedras de Moler",
        municipality=CARTAGO,
        vereda="Vereda Piedras de Moler",
        activity=activity if day.year == plan.year else None,
        description="La comunidad revisa con la Alcaldía el avance de los compromisos del año.",
    )


def satisfaction_surveys(plan, users, groups) -> list[Survey]:
    """The survey of the first semester's spaces (June) and one open now on the ventanilla
    única, both for activity 6."""
    today, year = timezone.localdate(), plan.year
    activity = plan.activities.get(number=6)
    planner = users["planeacion"]
    june = _survey(
        plan.entity,
        planner,
        surveys.SurveyData(
            title="Satisfacción con los espacios de diálogo del primer semestre",
            intro=(
                "Cuéntenos cómo le pareció el espacio de diálogo en el que participó. La encuesta "
                "es anónima y toma dos minutos."
            ),
            opens_on=datetime.date(year, 6, 1),
            closes_on=datetime.date(year, 6, 30),
            activity=activity,
        ),
        [
            (Question.Kind.LIKERT, "¿Qué tan satisfecho quedó con el espacio de diálogo?", []),
            (Question.Kind.LIKERT, "¿La información que presentó la Alcaldía fue clara?", []),
            (Question.Kind.SINGLE, "¿Cómo se enteró de la convocatoria?", HEARD_FROM),
            (Question.Kind.SINGLE, "¿Volvería a participar?", ["Sí", "No", "No sé"]),
            (Question.Kind.TEXT, "¿Qué mejoraría del espacio?", []),
        ],
        [groups[name] for name, count in JUNE_SURVEY_GROUPS.items() for _ in range(count)],
    )
    opens = max(today - datetime.timedelta(days=10), datetime.date(year, 1, 1))
    counter = _survey(
        plan.entity,
        planner,
        surveys.SurveyData(
            title="Satisfacción con la atención en la ventanilla única",
            intro="Califique la atención que recibió al hacer su trámite en la Alcaldía.",
            opens_on=opens,
            closes_on=today + datetime.timedelta(days=21),
            activity=activity,
        ),
        [
            (Question.Kind.LIKERT, "¿Qué tan satisfecho está con la atención recibida?", []),
            (
                Question.Kind.SINGLE,
                "¿Por qué canal hizo su trámite?",
                ["Presencial", "Teléfono", "Correo electrónico", "Sitio web"],
            ),
        ],
        [groups[CITIZENS], groups[CITIZENS], groups[ELDERLY], groups[BUSINESS]],
    )
    return [june, counter]


def _survey(entity, planner, data, questions, respondents) -> Survey:
    """Build, open and answer a survey through its services. One whose window already ended is
    run on today's window, then its dates are written back (history) and it is closed."""
    today = timezone.localdate()
    opens, closes = data.opens_on, data.closes_on
    over = closes < today
    if over:
        data.opens_on = data.closes_on = today
    survey = surveys.create_survey(entity, by=planner, data=data)
    for kind, text, options in questions:
        surveys.add_question(
            survey,
            by=planner,
            data=surveys.QuestionData(
                kind=kind, text=text, options=options, required=kind != Question.Kind.TEXT
            ),
            expected_revision=survey.revision,
        )
        survey.refresh_from_db(fields=["revision"])
    survey = surveys.open_survey(survey, by=planner, expected_revision=survey.revision)
    created = datetime.datetime.combine(opens - datetime.timedelta(days=3), datetime.time(10))
    Survey.objects.filter(pk=survey.pk).update(  # history: built before it opened
        created_at=min(timezone.make_aware(created), timezone.now())
    )
    if opens > today:
        return survey  # programada: no answers yet
    last = min(closes, today)
    span = (last - opens).days + 1
    answers = _answers(list(survey.questions.all()))
    for index, group in enumerate(respondents):
        day = opens + datetime.timedelta(days=index * span // len(respondents))
        response = surveys.submit_response(
            survey, answers=next(answers), value_group=group, fingerprint=f"demo-{index}"
        )
        moment = _at(day, 9 + index % 9, (index * 7) % 60)
        Response.objects.filter(pk=response.pk).update(submitted_at=moment)  # history
        Consent.objects.filter(pk=response.consent_id).update(given_at=moment)  # history
    if over:
        Survey.objects.filter(pk=survey.pk).update(opens_on=opens, closes_on=closes)  # history
        survey = surveys.close_survey(survey, by=planner)  # closed at the end of its last day
    return survey


def _answers(questions: list[Question]):
    """An endless, varied and mostly satisfied stream of answers to ``questions``: each
    question draws from its own sequence, shifted by its position so no two look alike."""
    likert = [5, 4, 4, 5, 3, 4, 2, 5, 4, 3, 5, 4, 1, 4, 5, 3, 4]
    picks = [0, 0, 1, 0, 2, 0, 1, 0, 3, 0, 1, 2, 4]  # the first options weigh more
    suggestions = [*SUGGESTIONS, "", "", "", ""]
    streams = {}
    for shift, question in enumerate(questions):
        if question.kind == Question.Kind.LIKERT:
            values = likert[shift * 5 :] + likert[: shift * 5]
        elif question.kind == Question.Kind.SINGLE:
            values = [question.options[i % len(question.options)] for i in picks[shift:]]
            values += [question.options[i % len(question.options)] for i in picks[:shift]]
        else:
            values = suggestions
        streams[question.pk] = cycle(values)
    while True:
        yield {pk: next(stream) for pk, stream in streams.items()}


def public_consultation(plan, users, groups) -> Consultation:
    """The consulta pública of the draft Plan Anticorrupción, 2 to 9 January: five observations,
    one retired by moderation, all answered before the Comité approves the plan (so no mail is
    sent: answers are mailed once the matrix is public, from the consultation's page)."""
    planner, today, year = users["planeacion"], timezone.localdate(), plan.year
    opens, closes = datetime.date(year, 1, 2), datetime.date(year, 1, 9)
    activities = {a.number: a for a in plan.activities.all()}
    window = consultation.open_consultation(
        plan,
        by=planner,
        opens_on=today,
        closes_on=today,
        intro=(
            "Conozca el borrador del Plan Anticorrupción y de Atención al Ciudadano y envíe sus "
            "observaciones sobre todo el plan o sobre una de sus actividades."
        ),
    )
    comments = []
    for index, (day, name, email, group, place, number, text, *_answer) in enumerate(OBSERVATIONS):
        comment = consultation.submit_comment(
            window,
            consultation.CommentData(
                email=email,
                value_group=groups[group],
                text=text,
                consent=True,
                activity=activities[number] if number else None,
                name=name,
                place=place,
            ),
            fingerprint=f"demo-consulta-{index}",
        )
        received = _at(min(datetime.date(year, 1, day), today), 8 + 2 * index, 15)
        Comment.objects.filter(pk=comment.pk).update(created_at=received)  # history
        Consent.objects.filter(pk=comment.consent_id).update(given_at=received)  # history
        comments.append(comment)
    # history: the window as it was announced (it began on the 2nd, or today if that is earlier)
    Consultation.objects.filter(pk=window.pk).update(opens_on=min(opens, today), closes_on=closes)
    window.refresh_from_db()
    if today <= closes:  # loaded in the first days of January: closed for the Comité
        window = consultation.close_consultation(
            window, by=planner, reason="Se cierra para presentar el plan al Comité."
        )
    answered_at = _at(datetime.date(year, 1, 12), 11)
    for comment, (*_given, status, answer, change, hidden) in zip(
        comments, OBSERVATIONS, strict=True
    ):
        if hidden:
            comment = consultation.hide_comment(comment, by=planner, reason=hidden)
        comment = consultation.answer_comment(
            comment,
            by=planner,
            status=status,
            answer=answer,
            change_made=change,
            expected_revision=comment.revision,
        )
        moments = {"answered_at": answered_at} | ({"hidden_at": answered_at} if hidden else {})
        Comment.objects.filter(pk=comment.pk).update(**moments)  # history
    return window
