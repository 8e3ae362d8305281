"""English formats (FORMAT_MODULE_PATH = "ocop.formats"): one unambiguous date style on every page.

"15 Aug 2024" everywhere (never "Aug. 15, 2024" beside "08/15/2024"): day-month order as the
Vietnamese pages, month spelled so no reader confuses 05/06 with 06/05."""

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
DATETIME_FORMAT = "j M Y H:i"
SHORT_DATETIME_FORMAT = "j M Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "j M"
YEAR_MONTH_FORMAT = "M Y"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
