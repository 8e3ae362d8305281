"""Vietnamese formats (FORMAT_MODULE_PATH = "ocop.formats"): one date style on every page.

Django's own "vi" module writes long dates ("Ngày 5 tháng 12 năm 2026") and short ones with
hyphens; administrative documents in Việt Nam write 05/12/2026 and 7.000.000 đ."""

DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"
DATETIME_FORMAT = "d/m/Y H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
TIME_FORMAT = "H:i"
MONTH_DAY_FORMAT = "d/m"
YEAR_MONTH_FORMAT = "m/Y"
FIRST_DAY_OF_WEEK = 1  # Monday
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
