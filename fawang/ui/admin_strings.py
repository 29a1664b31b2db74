"""The Django admin's own words that provincial staff see in the back office, marked here so
`makemessages` copies them into our catalogs (like fawang/ui/django_strings.py for the public pages).

Django ships no Tibetan (bo) or Yi (ii) catalog for django.contrib.admin or django.contrib.auth: on
/bo/admin/ its words would fall back to Chinese, and a few of Django 5.2's newer ones ("Model name",
"Add link", "Error:") are untranslated even in its Chinese catalog and show in English. Listing them
here puts them in fawang/locale/<lang>/LC_MESSAGES/django.po, which Django reads before its own
catalogs (LOCALE_PATHS), so the bo TSV's machine drafts are what a Tibetan-reading clerk sees. The zh
TSV repeats Django's own Chinese (ours wins over Django's, so it must say the same). The ii TSV holds
Yi machine drafts (Chinese terms borrowed and written by sound, per fawang/locale/GLOSSARY.ii.tsv),
awaiting a native Nuosu reviewer like the Tibetan ones.

Only what staff see is listed: sign-in and sign-out, the header, the index, the change list (search,
filters, actions, pagination), the change form's buttons and messages, history, deletion and the
password change (the translation-review screens are ours and translated in fawang/translations).
The strings must stay identical to Django's (fawang/ui/tests/test_django_strings.py checks them).
Dates in the back office are numeric in bo and ii (fawang/ui/formats), so no month name is listed."""

from django.utils.translation import gettext_noop, ngettext_lazy

ADMIN_MSGIDS = (
    gettext_noop("Log in"),
    gettext_noop("Log out"),
    gettext_noop("Log in again"),
    gettext_noop("Logged out"),
    gettext_noop("Thanks for spending some quality time with the web site today."),
    gettext_noop(
        "Please enter the correct %(username)s and password for a staff account. Note that both fields may be case-sensitive."
    ),
    gettext_noop("Forgotten your password or username?"),
    gettext_noop(
        "You are authenticated as %(username)s, but are not authorized to access this page. Would you like to login to a different account?"
    ),
    gettext_noop("Skip to main content"),
    gettext_noop("Toggle theme (current theme: auto)"),
    gettext_noop("Toggle theme (current theme: light)"),
    gettext_noop("Toggle theme (current theme: dark)"),
    gettext_noop("Welcome,"),
    gettext_noop("View site"),
    gettext_noop("Change password"),
    gettext_noop("Models in the %(name)s application"),
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("Error:"),
    gettext_noop("View"),
    gettext_noop("Add"),
    gettext_noop("Change"),
    gettext_noop("Delete"),
    gettext_noop("Recent actions"),
    gettext_noop("My actions"),
    gettext_noop("None available"),
    gettext_noop("Unknown content"),
    gettext_noop("Site administration"),
    gettext_noop("%(app)s administration"),
    gettext_noop("Select %s to change"),
    gettext_noop("Select %s to view"),
    gettext_noop("Add %(name)s"),
    gettext_noop("Add %s"),
    gettext_noop("Change %s"),
    gettext_noop("View %s"),
    gettext_noop("Add another %(verbose_name)s"),
    gettext_noop("Breadcrumbs"),
    gettext_noop("Toggle navigation"),
    gettext_noop("Sidebar"),
    gettext_noop("Start typing to filter…"),
    gettext_noop("Filter navigation items"),
    gettext_noop("Action:"),
    gettext_noop("Action"),
    gettext_noop("Run the selected action"),
    gettext_noop("Go"),
    gettext_noop("Click here to select the objects across all pages"),
    gettext_noop("Select all %(total_count)s %(module_name)s"),
    gettext_noop("Clear selection"),
    gettext_noop("Select all objects on this page for an action"),
    gettext_noop("Select this object for an action - {}"),
    gettext_noop("Remove from sorting"),
    gettext_noop("Sorting priority: %(priority_number)s"),
    gettext_noop("Toggle sorting"),
    gettext_noop("Show counts"),
    gettext_noop("Hide counts"),
    gettext_noop("Clear all filters"),
    gettext_noop(" By %(filter_title)s "),
    gettext_noop("%(full_result_count)s total"),
    gettext_noop("Show all"),
    gettext_noop("0 of %(cnt)s selected"),
    gettext_noop("Save and add another"),
    gettext_noop("Save and continue editing"),
    gettext_noop("Save as new"),
    gettext_noop("Save and view"),
    gettext_noop("Close"),
    gettext_noop("History"),
    gettext_noop("Change history: %s"),
    gettext_noop("This object doesn’t have a change history. It probably wasn’t added via this admin site."),
    gettext_noop("Date/time"),
    gettext_noop("User"),
    gettext_noop("Yes"),
    gettext_noop("No"),
    gettext_noop("The {name} “{obj}” was added successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may edit it again below."),
    gettext_noop("The {name} “{obj}” was changed successfully. You may add another {name} below."),
    gettext_noop("The {name} “{obj}” was added successfully. You may add another {name} below."),
    gettext_noop("The %(name)s “%(obj)s” was deleted successfully."),
    gettext_noop("Successfully deleted %(count)d %(items)s."),
    gettext_noop("%(name)s with ID “%(key)s” doesn’t exist. Perhaps it was deleted?"),
    gettext_noop("Items must be selected in order to perform actions on them. No items have been changed."),
    gettext_noop("No action selected."),
    gettext_noop("Are you sure?"),
    gettext_noop(
        'Are you sure you want to delete the %(object_name)s "%(escaped_object)s"? All of the following related items will be deleted:'
    ),
    gettext_noop(
        "Are you sure you want to delete the selected %(objects_name)s? All of the following objects and their related items will be deleted:"
    ),
    gettext_noop("Yes, I’m sure"),
    gettext_noop("No, take me back"),
    gettext_noop("Delete multiple objects"),
    gettext_noop("Summary"),
    gettext_noop("Objects"),
    gettext_noop("Delete selected %(verbose_name_plural)s"),
    gettext_noop("Password change"),
    gettext_noop(
        "Please enter your old password, for security’s sake, and then enter your new password twice so we can verify you typed it in correctly."
    ),
    gettext_noop("Change my password"),
    gettext_noop("Your password was changed."),
    gettext_noop("Old password"),
    gettext_noop("New password"),
    gettext_noop("New password confirmation"),
    gettext_noop("Enter the same password as before, for verification."),
    gettext_noop("Your password can’t be too similar to your other personal information."),
    gettext_noop("Your password can’t be a commonly used password."),
    gettext_noop("Your password can’t be entirely numeric."),
    gettext_noop("Authentication and Authorization"),
    gettext_noop("groups"),
    gettext_noop("We’re sorry, but the requested page could not be found."),
)

ADMIN_PLURAL_MSGIDS = (
    ngettext_lazy(
        "%(total_count)s selected",
        "All %(total_count)s selected",
        "n",
    ),
    ngettext_lazy(
        "%(counter)s result",
        "%(counter)s results",
        "n",
    ),
    ngettext_lazy(
        "Please correct the error below.",
        "Please correct the errors below.",
        "n",
    ),
    ngettext_lazy(
        "Your password must contain at least %(min_length)d character.",
        "Your password must contain at least %(min_length)d characters.",
        "n",
    ),
    ngettext_lazy(
        "%(count)s %(name)s was changed successfully.",
        "%(count)s %(name)s were changed successfully.",
        "n",
    ),
)
