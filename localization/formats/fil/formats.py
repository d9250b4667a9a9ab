# Date and number formats for Filipino, which Django does not ship (after CLDR "fil").
DATE_FORMAT = "F j, Y"
SHORT_DATE_FORMAT = "n/j/Y"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "F j"
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
FIRST_DAY_OF_WEEK = 0
