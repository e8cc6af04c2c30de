"""Common Ground: an open map of global migration governance and the evidence behind it."""

__version__ = "0.1.0"
