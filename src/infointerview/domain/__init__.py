"""Pure rules and types of the informational-interview method: no I/O, no clock."""
