"""Supplier scorecards: counts from the exchange's records, the score, and where it is stored."""
