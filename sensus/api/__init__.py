"""The JSON API under /api/v1 and the mapping of domain errors to HTTP."""
