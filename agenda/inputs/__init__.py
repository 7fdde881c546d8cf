"""Questionnaire exports (Qualtrics, Google Forms, SurveyMonkey, KoboToolbox) read as one
table for ``inputs import`` (agenda.annex.inputs validates the rows)."""
