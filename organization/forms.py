from django import forms
from django.db.models.functions import Lower

from organization.models import Unit


class UnitForm(forms.Form):
    name = forms.CharField(label="Nombre de la dependencia", max_length=200)
    aliases = forms.CharField(
        label="Alias",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Uno por línea: abreviaturas, nombres anteriores o formas en que los planes la "
            "escriben («Sec. de Planeación», «Planeación»). Sirven para reconocerla al importar."
        ),
    )
    is_whole_entity = forms.BooleanField(
        label="Representa a toda la administración",
        required=False,
        help_text="Como «Administración Municipal»: su seguimiento lo coordina Planeación.",
    )
    is_active = forms.BooleanField(label="Activa", required=False, initial=True)

    def __init__(self, *args, entity_id: int, unit: Unit | None = None, **kwargs):
        if unit is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": unit.name,
                    "aliases": "\n".join(unit.aliases.values_list("alias", flat=True)),
                    "is_whole_entity": unit.is_whole_entity,
                    "is_active": unit.is_active,
                },
            )
        super().__init__(*args, **kwargs)
        self.entity_id, self.unit = entity_id, unit

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Unit.objects.annotate(lower=Lower("name")).filter(
            entity_id=self.entity_id, lower=name.lower()
        )
        if self.unit is not None:
            clash = clash.exclude(pk=self.unit.pk)
        if clash.exists():
            raise forms.ValidationError("Ya existe una dependencia con ese nombre en la entidad.")
        return name

    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["aliases"].splitlines() if line.strip()]
