from __future__ import annotations

from django import forms

from consultation import selectors
from consultation.models import Comment
from organization.models import Entity
from participation.abuse import TEXT_MAX_LENGTH, HoneypotForm
from participation.forms import ConsentField, ServedActivityField, ValueGroupField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpenConsultationForm(forms.Form):
    plan = forms.ModelChoiceField(
        label="Plan que se consulta",
        queryset=None,
        empty_label="Elija un plan en borrador o en revisión",
    )
    opens_on = forms.DateField(label="Abre el", widget=DATE)
    closes_on = forms.DateField(
        label="Cierra el", widget=DATE, help_text="Último día en que se reciben observaciones."
    )
    intro = forms.CharField(
        label="Presentación para la ciudadanía",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Qué se consulta, para qué y cómo se usarán las observaciones.",
    )

    def __init__(self, *args, entity: Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = selectors.consultable_plans(entity.pk)
        self.fields["activity"] = ServedActivityField(
            entity,
            help_text="Por ejemplo, la actividad «consulta pública» del plan de participación: "
            "las observaciones respondidas cuentan para su indicador.",
        )

    def clean(self):
        data = super().clean()
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error(
                "closes_on", "La fecha de cierre debe ser igual o posterior a la de apertura."
            )
        return data


class ErrorsDescribed:
    """Point each invalid field at its error message (the ``<id>_error`` list _field.html
    writes) and its help text, so screen readers read both when the field takes focus."""

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            auto_id = self[name].auto_id
            ids = [f"{auto_id}_error"]
            if self.fields[name].help_text:
                ids.append(f"{auto_id}_helptext")
            self.fields[name].widget.attrs["aria-describedby"] = " ".join(ids)


class CommentForm(ErrorsDescribed, HoneypotForm):
    name = forms.CharField(label="Nombre", required=False, max_length=150, help_text="Opcional.")
    email = forms.EmailField(
        label="Correo electrónico",
        help_text="Le enviaremos la respuesta de la entidad. No se publica.",
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    place = forms.CharField(label="Municipio o vereda", max_length=150)
    text = forms.CharField(
        label="Observación",
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=f"Hasta {TEXT_MAX_LENGTH} caracteres.",
    )
    consent = ConsentField()

    field_order = ["name", "email", "value_group", "place", "text", "consent", "sitio_web"]

    def __init__(self, *args, entity: Entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value_group"] = ValueGroupField(entity)
        self.order_fields(self.field_order)


class AnswerForm(forms.Form):
    status = forms.ChoiceField(
        label="Sentido de la respuesta",
        choices=[c for c in Comment.Status.choices if c[0] != Comment.Status.PENDING],
        widget=forms.RadioSelect,
    )
    answer = forms.CharField(label="Respuesta (razón)", widget=forms.Textarea(attrs={"rows": 4}))
    change_made = forms.CharField(
        label="Cambio realizado en el plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Obligatorio si la observación se acepta total o parcialmente.",
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ReasonForm(forms.Form):
    reason = forms.CharField(label="Motivo", widget=forms.Textarea(attrs={"rows": 2}))
