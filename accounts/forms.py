from django import forms


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Código de 6 dígitos de su aplicación autenticadora",
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].replace(" ", "")
        if not (code.isdigit() and len(code) == 6):
            raise forms.ValidationError("Escriba los 6 dígitos que muestra la aplicación.")
        return code


class AccountRequestForm(forms.Form):
    """What a person asks Planeación to correct: their e-mail and/or something else."""

    email = forms.EmailField(
        label="Correo nuevo",
        required=False,
        help_text="Déjelo vacío si su correo está bien.",
    )
    note = forms.CharField(
        label="Nota para Planeación",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Por ejemplo, cómo se escribe bien su nombre o por qué cambia de correo.",
    )
