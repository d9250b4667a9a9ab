# Number formats for Burmese, which Django does not ship (after CLDR "my", with the Latin digits
# the portal's figures use: 5,000,000,000).
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
