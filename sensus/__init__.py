"""sensus: an offline-first population census platform."""

__version__ = "0.1.0"
