"""The JSON API: one router per resource, one error shape, CSV for tabular results."""
