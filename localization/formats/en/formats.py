# English as written in ASEAN and the UK: "1 January 2024" rather than Django's "Jan. 1, 2024".
DATE_FORMAT = "j F Y"
MONTH_DAY_FORMAT = "j F"
