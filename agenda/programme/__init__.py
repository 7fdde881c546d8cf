"""The programme: editing operations, field validation, checks, best time, templates, versions."""
