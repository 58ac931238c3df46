"""Input limits shared by every app's inputs: the bounds of the columns they land in and of one request."""

ID_MAX = 2**63 - 1  # bigint primary keys: a larger id cannot exist, so it is a 400 (or 404), never a 500
INT_MAX = 2_147_483_647  # PostgreSQL integer columns
MAX_QUANTITY = 1_000_000_000  # stock and price-break quantities of a listing
MAX_LEAD_TIME_DAYS = 3650
MAX_LINES = 200  # lines of one order or one RFQ
