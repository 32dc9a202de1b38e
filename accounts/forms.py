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
