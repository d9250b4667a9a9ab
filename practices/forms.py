from django import forms


class ContactForm(forms.Form):
    """Message to the team behind a practice. ``website`` is a honeypot: people leave it empty."""

    name = forms.CharField(max_length=120)
    email = forms.EmailField(label="E-mail", max_length=254)
    organisation = forms.CharField(max_length=200, required=False)
    message = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 6}), max_length=4000, min_length=10
    )
    website = forms.CharField(
        required=False,
        label="Leave this field empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_bot(self):
        return bool(self.cleaned_data.get("website"))
