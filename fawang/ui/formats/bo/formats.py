# Dates in Tibetan and Yi are numeric, as on every Fawang page (ADR 0013): Django ships no format module
# for either language, and its default ("N j, Y, P") would show a Chinese month name and "a.m." in the
# back office.
DATE_FORMAT = "Y-m-d"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "Y-m-d H:i"
YEAR_MONTH_FORMAT = "Y-m"
MONTH_DAY_FORMAT = "m-d"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
