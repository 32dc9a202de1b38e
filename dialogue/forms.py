from __future__ import annotations

from django import forms

from dialogue.models import Commitment, Event
from participation.forms import ConsentField, ServedActivityField, ValueGroupField, ValueGroupsField
from participation.models import ValueGroup

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class EventForm(forms.Form):
    title = forms.CharField(label="Tema", max_length=300)
    kind = forms.ChoiceField(label="Tipo de espacio", choices=Event.Kind.choices)
    starts_at = forms.DateTimeField(label="Inicia (fecha y hora)", widget=DATETIME)
    ends_at = forms.DateTimeField(label="Termina (fecha y hora)", required=False, widget=DATETIME)
    place = forms.CharField(
        label="Lugar",
        max_length=300,
        required=False,
        help_text="Dirección o sitio. Si el espacio es virtual, deje el lugar y escriba el enlace.",
    )
    virtual_url = forms.URLField(
        label="Enlace de la reunión o transmisión virtual", required=False, assume_scheme="https"
    )
    municipality = forms.CharField(label="Municipio", max_length=120, required=False)
    vereda = forms.CharField(label="Vereda o corregimiento", max_length=120, required=False)
    description = forms.CharField(label="Descripción", required=False, widget=forms.Textarea)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, entity, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value_groups"] = ValueGroupsField(
            entity, label="Grupos de valor convocados", required=False
        )
        self.fields["activity"] = ServedActivityField(entity)

    def clean(self):
        data = super().clean()
        if not data.get("place") and not data.get("virtual_url"):
            self.add_error("place", "Indique el lugar o el enlace de la reunión virtual.")
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", "La hora de terminación debe ser posterior al inicio.")
        return data

    @staticmethod
    def initial_for(event: Event) -> dict:
        return {
            "title": event.title,
            "kind": event.kind,
            "starts_at": event.starts_at,
            "ends_at": event.ends_at,
            "place": event.place,
            "virtual_url": event.virtual_url,
            "municipality": event.municipality,
            "vereda": event.vereda,
            "description": event.description,
            "value_groups": list(event.value_groups.all()),
            "activity": event.activity,
            "revision": event.revision,
        }


class AttendanceForm(forms.Form):
    """One number per active grupo de valor (and any group already counted)."""

    def __init__(self, event: Event, *args, **kwargs):
        super().__init__(*args, **kwargs)
        counted = {row.value_group_id: row.count for row in event.attendance.all()}
        groups = ValueGroup.objects.filter(entity_id=event.entity_id).filter(
            active=True
        ) | ValueGroup.objects.filter(pk__in=counted)
        self.groups = list(groups.distinct().order_by("position", "name"))
        for group in self.groups:
            self.fields[f"grupo_{group.pk}"] = forms.IntegerField(
                label=group.name, min_value=0, required=False, initial=counted.get(group.pk, 0)
            )

    def counts(self) -> dict[int, int]:
        return {group.pk: self.cleaned_data.get(f"grupo_{group.pk}") or 0 for group in self.groups}


class AttendeeForm(forms.Form):
    name = forms.CharField(label="Nombre", max_length=200)
    email = forms.EmailField(
        label="Correo (opcional)",
        required=False,
        help_text="Con él la persona puede pedir ver o suprimir sus datos.",
    )
    place = forms.CharField(label="Municipio o vereda", max_length=200, required=False)
    consent = ConsentField(
        label="La persona firmó o aceptó la autorización de tratamiento de datos que se muestra",
        error_messages={"required": "Sin la autorización de la persona no se guarda su nombre."},
    )

    def __init__(self, entity, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value_group"] = ValueGroupField(entity, required=False)
        self.order_fields(["name", "email", "value_group", "place", "consent"])


class ActaForm(forms.Form):
    acta = forms.FileField(label="Acta del espacio (PDF)")


class CancelForm(forms.Form):
    reason = forms.CharField(label="Motivo de la cancelación", max_length=500)
    revision = forms.IntegerField(widget=forms.HiddenInput)


class CommitmentForm(forms.Form):
    description = forms.CharField(
        label="Compromiso", widget=forms.Textarea(attrs={"rows": 3}), max_length=3000
    )
    due_date = forms.DateField(label="Fecha límite", widget=DATE)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, entity, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"] = forms.ModelChoiceField(
            queryset=entity.units.order_by("name"),
            label="Dependencia responsable",
            empty_label="Seleccione la dependencia",
        )
        self.order_fields(["description", "unit", "due_date"])

    @staticmethod
    def initial_for(commitment: Commitment) -> dict:
        return {
            "description": commitment.description,
            "unit": commitment.unit,
            "due_date": commitment.due_date,
            "revision": commitment.revision,
        }


class EvidenceForm(forms.Form):
    file = forms.FileField(label="Archivo (PDF, PNG o JPEG)", required=False)
    url = forms.URLField(label="o enlace", required=False, assume_scheme="https")
    description = forms.CharField(label="Descripción de la evidencia", max_length=300)

    def clean(self):
        data = super().clean()
        if not data.get("file") and not data.get("url"):
            raise forms.ValidationError("Adjunte un archivo o escriba un enlace.")
        return data


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Cómo se cumplió el compromiso", widget=forms.Textarea(attrs={"rows": 3})
    )
    closed_on = forms.DateField(label="Fecha de cumplimiento", widget=DATE)
    file = forms.FileField(label="Evidencia: archivo (PDF, PNG o JPEG)", required=False)
    url = forms.URLField(label="Evidencia: enlace", required=False, assume_scheme="https")
    description = forms.CharField(
        label="Descripción de la evidencia", max_length=300, required=False
    )
    revision = forms.IntegerField(widget=forms.HiddenInput)


class ReopenForm(forms.Form):
    reason = forms.CharField(label="Motivo para reabrir", max_length=500)
    revision = forms.IntegerField(widget=forms.HiddenInput)
