"""Documents made from the records for people outside the system: printed, downloaded."""
