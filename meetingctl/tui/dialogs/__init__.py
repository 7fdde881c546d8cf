"""Modal dialogs: confirmation, conflict, session and person forms, pickers and previews."""
