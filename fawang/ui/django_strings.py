"""Django's own strings that reach our pages, marked here so `makemessages` copies them into our
catalogs.

Django ships translations for zh-hans and en but none for Tibetan (bo) or Yi (ii): on a bo or ii page a
form error such as "This field is required." would fall back to Chinese. Listing the msgids here puts
them in fawang/locale/<lang>/LC_MESSAGES/django.po, where the bo and ii TSVs translate them like our own
strings (our catalogs are read before Django's, so the zh TSV repeats Django's Chinese for them).

Only what can be seen is listed: form field and validator errors of the fields our forms use, the sign-in
form's labels and errors, and filesizeformat's units. Dates are always shown as numbers (Y-m-d H:i), so
no month or weekday name reaches a page; the paginator's errors never do (get_page); the Django admin's
own words are listed in fawang/ui/admin_strings.py (ADR 0013).
Nothing imports this module: it only has to exist for makemessages. The strings must stay identical
to Django's (fawang/ui/tests/test_django_strings.py checks each against Django's own catalog)."""

from django.utils.translation import gettext_noop, ngettext_lazy

DJANGO_MSGIDS = (
    # django.forms.fields
    gettext_noop("This field is required."),
    gettext_noop("Enter a whole number."),
    gettext_noop("Enter a number."),
    gettext_noop("Enter a valid date."),
    gettext_noop("Enter a valid time."),
    gettext_noop("Enter a valid date/time."),
    gettext_noop("No file was submitted. Check the encoding type on the form."),
    gettext_noop("No file was submitted."),
    gettext_noop("The submitted file is empty."),
    gettext_noop("Select a valid choice. %(value)s is not one of the available choices."),
    gettext_noop("Enter a list of values."),
    # django.forms.models
    gettext_noop("Select a valid choice. That choice is not one of the available choices."),
    # django.core.validators
    gettext_noop("Enter a valid value."),
    gettext_noop("Enter a valid email address."),
    gettext_noop("Null characters are not allowed."),
    gettext_noop("Ensure this value is less than or equal to %(limit_value)s."),
    gettext_noop("Ensure this value is greater than or equal to %(limit_value)s."),
    # django.contrib.auth: the sign-in form's labels and the inactive account.
    gettext_noop("username"),
    gettext_noop("Password"),
    gettext_noop("This account is inactive."),
    # django.template.defaultfilters.filesizeformat
    gettext_noop("%s KB"),
    gettext_noop("%s MB"),
    gettext_noop("%s GB"),
)

DJANGO_PLURAL_MSGIDS = (
    ngettext_lazy(
        "Ensure this value has at least %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at least %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        "limit_value",
    ),
    ngettext_lazy(
        "Ensure this filename has at most %(max)d character (it has %(length)d).",
        "Ensure this filename has at most %(max)d characters (it has %(length)d).",
        "max",
    ),
    ngettext_lazy("%(size)d byte", "%(size)d bytes", "size"),
)
