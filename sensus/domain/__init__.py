"""Pure census logic: no I/O, no database, no web."""
