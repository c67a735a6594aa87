"""Hand-written classifier training requests (batch b): six non-code labels plus contrast."""
