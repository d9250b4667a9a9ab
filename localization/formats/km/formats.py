# Digit grouping for Khmer, which Django's formats lack (after CLDR "km": 5.000.000.000): the
# rest of Django's Khmer formats apply.
THOUSAND_SEPARATOR = "."
NUMBER_GROUPING = 3
