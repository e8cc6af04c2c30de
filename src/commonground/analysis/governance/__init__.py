"""The governance map: actors, forums, meetings, roles over time, pillars, vocabularies."""
