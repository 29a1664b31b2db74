from django import forms
from django.utils.translation import gettext_lazy as _


class PreserveForm(forms.Form):
    file = forms.FileField(
        label=_("File to preserve"),
        help_text=_(
            "Any kind of file. Its SHA-256 fingerprint is entered in the public evidence log; the file itself stays private."
        ),
    )


class VerifyForm(forms.Form):
    receipt = forms.FileField(
        label=_("Receipt (.tlog-proof file)"),
        help_text=_("The receipt file downloaded when the file was preserved or the certificate issued."),
    )
    original = forms.FileField(
        label=_("Original file (optional)"),
        required=False,
        help_text=_(
            "Given the original, the check also confirms that the receipt records this very file. It is hashed and not kept."
        ),
    )
