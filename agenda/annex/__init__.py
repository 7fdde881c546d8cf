"""Annex (g) and the outcome report: the list of participants, stakeholder inputs, exporters."""
