# Digit grouping for Vietnamese, which Django's formats lack (after CLDR "vi": 5.000.000.000):
# the rest of Django's Vietnamese formats apply.
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
