"""The market price index (methodology v1) and the barometer built on it."""
