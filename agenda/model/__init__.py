"""The domain model: ORM classes and enums, the unit of work, the audit log, the errors."""
