"""Simplified Chinese number formats for the back office: amounts grouped by thousands with a
comma (¥1,234,567.89), as invoices and bank statements in China print them. Django's own zh_Hans
formats have no separator; everything not set here still comes from them."""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
