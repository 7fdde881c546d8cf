"""People: rosters and roles, editing, attendance, value normalization, people files."""
