// The Django admin's own JavaScript words that provincial staff see in the back office: the calendar
// and clock beside date and time fields, "Show"/"Hide" of collapsed fieldsets, the action bar's
// "1 of 25 selected" and its warnings, the two-box selector. Marked here so `make messages`
// (makemessages -d djangojs) copies them into fawang/locale/<bo|ii>/LC_MESSAGES/djangojs.po, which the
// admin's jsi18n view reads before Django's own catalogs (LOCALE_PATHS), as fawang/ui/admin_strings.py
// does for the admin's Python and template words. Django ships no Tibetan or Yi djangojs catalog: on
// /bo/admin/ these words fell back to Chinese, and the one-letter weekdays to English.
//
// The bo TSV holds Tibetan machine drafts and the ii TSV Yi machine drafts, like the admin's other
// words (fawang/ui/admin_strings.py). The msgids are copied
// verbatim from Django 5.2's django/contrib/admin/locale/zh_Hans/LC_MESSAGES/djangojs.po
// (fawang/ui/tests/test_admin_js_strings.py checks they still match). This file is never served.
/* global gettext, ngettext, pgettext */

gettext("Available %s");
gettext("This is the list of available %s. You may choose some by selecting them in the box below and then clicking the \"Choose\" arrow between the two boxes.");
gettext("Type into this box to filter down the list of available %s.");
gettext("Filter");
gettext("Choose all");
gettext("Click to choose all %s at once.");
gettext("Choose");
gettext("Remove");
gettext("Chosen %s");
gettext("This is the list of chosen %s. You may remove some by selecting them in the box below and then clicking the \"Remove\" arrow between the two boxes.");
gettext("Type into this box to filter down the list of selected %s.");
gettext("Remove all");
gettext("Click to remove all chosen %s at once.");
ngettext("%s selected option not visible", "%s selected options not visible", 1);
ngettext("%(sel)s of %(cnt)s selected", "%(sel)s of %(cnt)s selected", 1);
gettext("You have unsaved changes on individual editable fields. If you run an action, your unsaved changes will be lost.");
gettext("You have selected an action, but you haven’t saved your changes to individual fields yet. Please click OK to save. You’ll need to re-run the action.");
gettext("You have selected an action, and you haven’t made any changes on individual fields. You’re probably looking for the Go button rather than the Save button.");
gettext("Now");
gettext("Midnight");
gettext("6 a.m.");
gettext("Noon");
gettext("6 p.m.");
ngettext("Note: You are %s hour ahead of server time.", "Note: You are %s hours ahead of server time.", 1);
ngettext("Note: You are %s hour behind server time.", "Note: You are %s hours behind server time.", 1);
gettext("Choose a Time");
gettext("Choose a time");
gettext("Cancel");
gettext("Today");
gettext("Choose a Date");
gettext("Yesterday");
gettext("Tomorrow");
gettext("January");
gettext("February");
gettext("March");
gettext("April");
gettext("May");
gettext("June");
gettext("July");
gettext("August");
gettext("September");
gettext("October");
gettext("November");
gettext("December");
pgettext("abbrev. month January", "Jan");
pgettext("abbrev. month February", "Feb");
pgettext("abbrev. month March", "Mar");
pgettext("abbrev. month April", "Apr");
pgettext("abbrev. month May", "May");
pgettext("abbrev. month June", "Jun");
pgettext("abbrev. month July", "Jul");
pgettext("abbrev. month August", "Aug");
pgettext("abbrev. month September", "Sep");
pgettext("abbrev. month October", "Oct");
pgettext("abbrev. month November", "Nov");
pgettext("abbrev. month December", "Dec");
gettext("Sunday");
gettext("Monday");
gettext("Tuesday");
gettext("Wednesday");
gettext("Thursday");
gettext("Friday");
gettext("Saturday");
pgettext("abbrev. day Sunday", "Sun");
pgettext("abbrev. day Monday", "Mon");
pgettext("abbrev. day Tuesday", "Tue");
pgettext("abbrev. day Wednesday", "Wed");
pgettext("abbrev. day Thursday", "Thur");
pgettext("abbrev. day Friday", "Fri");
pgettext("abbrev. day Saturday", "Sat");
pgettext("one letter Sunday", "S");
pgettext("one letter Monday", "M");
pgettext("one letter Tuesday", "T");
pgettext("one letter Wednesday", "W");
pgettext("one letter Thursday", "T");
pgettext("one letter Friday", "F");
pgettext("one letter Saturday", "S");
gettext("Show");
gettext("Hide");
