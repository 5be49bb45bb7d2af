# Danish dates as Danish style guides write them: "27. dec. 2026" (Django's
# own Danish formats abbreviate months as "Dec").
DATE_FORMAT = "j. N Y"
DATETIME_FORMAT = "j. N Y H:i"
MONTH_DAY_FORMAT = "j. N"
SHORT_DATE_FORMAT = "d.m.Y"
SHORT_DATETIME_FORMAT = "d.m.Y H:i"
TIME_FORMAT = "H:i"
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y", "%d/%m/%Y"]
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
