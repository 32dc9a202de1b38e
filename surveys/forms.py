from __future__ import annotations

from django import forms

from organization.models import Entity
from participation.abuse import HoneypotForm
from participation.forms import ConsentField, ServedActivityField, ValueGroupField, value_groups
from surveys.models import DEFAULT_MIN_GROUP_SIZE, TEXT_ANSWER_MAX_LENGTH, Question, Survey
from surveys.services import MAX_CODES, QuestionData, SurveyData


class _DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SurveyForm(forms.Form):
    title = forms.CharField(label="Título", max_length=200)
    intro = forms.CharField(
        label="Presentación",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Lo que la persona lee antes de responder: para qué es la encuesta.",
    )
    opens_on = forms.DateField(label="Abre el", required=False, widget=_DateInput())
    closes_on = forms.DateField(label="Cierra el", required=False, widget=_DateInput())
    min_group_size = forms.IntegerField(
        label="Mínimo de respuestas para mostrar un grupo de valor",
        min_value=2,
        max_value=100,
        initial=DEFAULT_MIN_GROUP_SIZE,
        help_text=(
            "Con menos respuestas, los resultados de un grupo se suman a «Otros grupos», y las "
            "respuestas cortas no se muestran hasta tener ese número de respuestas en total."
        ),
    )
    requires_code = forms.BooleanField(
        label="Requiere código (cada persona responde con un código de un solo uso)",
        required=False,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, entity: Entity, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"] = ServedActivityField(entity)
        self.order_fields(["title", "intro", "opens_on", "closes_on", "activity"])

    @classmethod
    def initial_for(cls, survey: Survey) -> dict:
        return {
            "title": survey.title,
            "intro": survey.intro,
            "opens_on": survey.opens_on,
            "closes_on": survey.closes_on,
            "activity": survey.activity_id,
            "min_group_size": survey.min_group_size,
            "requires_code": survey.requires_code,
            "revision": survey.revision,
        }

    def data_object(self) -> SurveyData:
        data = self.cleaned_data
        return SurveyData(
            title=data["title"],
            intro=data["intro"],
            opens_on=data["opens_on"],
            closes_on=data["closes_on"],
            activity=data["activity"],
            min_group_size=data["min_group_size"],
            requires_code=data["requires_code"],
        )


class QuestionForm(forms.Form):
    text = forms.CharField(label="Pregunta", max_length=300)
    kind = forms.ChoiceField(label="Tipo de respuesta", choices=Question.Kind.choices)
    options = forms.CharField(
        label="Opciones (una por línea)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Solo para «Una opción» y «Varias opciones».",
    )
    required = forms.BooleanField(label="Obligatoria", required=False, initial=True)
    revision = forms.IntegerField(widget=forms.HiddenInput)

    @classmethod
    def initial_for(cls, question: Question, revision: int) -> dict:
        return {
            "text": question.text,
            "kind": question.kind,
            "options": "\n".join(question.options),
            "required": question.required,
            "revision": revision,
        }

    def data_object(self) -> QuestionData:
        data = self.cleaned_data
        return QuestionData(
            kind=data["kind"],
            text=data["text"],
            required=data["required"],
            options=data["options"].splitlines(),
        )


class CodesForm(forms.Form):
    count = forms.IntegerField(
        label="Número de códigos (uno por copia impresa)", min_value=1, max_value=MAX_CODES
    )


def question_field_name(question: Question) -> str:
    return f"pregunta_{question.pk}"


class ResponseForm(HoneypotForm):
    """The questionnaire: the grupo de valor first, one field per question, the code when the
    survey asks for one, an optional e-mail and the authorisation."""

    def __init__(self, survey: Survey, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.survey = survey
        self.questions = list(survey.questions.all())
        fields = {}
        if value_groups(survey.entity).exists():
            fields["value_group"] = ValueGroupField(
                survey.entity,
                label="¿A qué grupo de valor pertenece?",
                widget=forms.RadioSelect,
                empty_label=None,
            )
        if survey.requires_code:
            fields["code"] = forms.CharField(
                label="Código de respuesta",
                max_length=20,
                help_text="El código impreso que le entregaron, por ejemplo ABCD-EFGH.",
                widget=forms.TextInput(
                    attrs={"autocomplete": "off", "autocapitalize": "characters"}
                ),
            )
        for question in self.questions:
            fields[question_field_name(question)] = self._field(question)
        fields["email"] = forms.EmailField(
            label="Correo electrónico (opcional)",
            required=False,
            help_text=(
                "Solo si quiere que la entidad le contacte sobre sus respuestas. Sin correo, su "
                "respuesta es anónima."
            ),
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )
        fields["consent"] = ConsentField()
        fields["sitio_web"] = self.fields.pop("sitio_web")
        self.fields.update(fields)

    @staticmethod
    def _field(question: Question) -> forms.Field:
        common = {"label": question.text, "required": question.required}
        if question.kind == Question.Kind.TEXT:
            return forms.CharField(
                max_length=TEXT_ANSWER_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 3, "maxlength": TEXT_ANSWER_MAX_LENGTH}),
                help_text=f"Hasta {TEXT_ANSWER_MAX_LENGTH} caracteres.",
                **common,
            )
        if question.kind == Question.Kind.MULTIPLE:
            return forms.MultipleChoiceField(
                choices=question.choices(), widget=forms.CheckboxSelectMultiple, **common
            )
        return forms.ChoiceField(choices=question.choices(), widget=forms.RadioSelect, **common)

    def question_fields(self):
        return [(q, self[question_field_name(q)]) for q in self.questions]

    def answers(self) -> dict[int, object]:
        return {q.pk: self.cleaned_data.get(question_field_name(q)) for q in self.questions}
