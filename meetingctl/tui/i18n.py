"""UI strings of the terminal app, switchable at run time, translated by the gettext catalogs.

The screens name a string by a stable key (``"agenda.col.time"``); :data:`STRINGS` maps each key
to its English msgid (marked for extraction; ``NC_`` adds a context where the same English needs
two translations), and :class:`Translator` looks the msgid up in the catalog of the current
language (:mod:`agenda.i18n.catalog`). There is no per-language table here: a language is a
catalog. Labels of stored codes (roles, statuses, genders) come from :mod:`agenda.i18n.labels`.
A key missing from the table is shown as ``⟦key⟧`` so a gap is visible.
"""

from __future__ import annotations

from typing import Final

from agenda.i18n.catalog import N_, NC_, NNP_, available_languages, tr, trnp

#: The languages the app starts with; any language with a catalog is accepted too.
LANGUAGES: Final = ("en", "es")

STRINGS: Final[dict[str, str]] = {
    "mode.agenda": N_("Agenda"),
    "mode.round_tables": N_("Round tables"),
    "mode.people": N_("People"),
    "mode.balance": N_("Balance"),
    "mode.invitations": N_("Invitations"),
    "mode.exports": N_("Exports"),
    "key.quit": N_("Quit"),
    "key.language": NC_("language switch", "Español"),
    "key.reload": N_("Reload"),
    "key.palette": N_("Commands"),
    "lang.switched": N_("Interface language: English"),
    "error.unexpected": N_("Unexpected error ({kind}): {message}"),
    "loading": N_("Loading…"),
    "none": N_("—"),
    "button.cancel": N_("Cancel"),
    "button.save": N_("Save"),
    "button.yes": N_("Yes"),
    "button.no": N_("No"),
    "button.reload": N_("Reload"),
    "button.keep": N_("Keep my edit open"),
    "button.commit": N_("Import"),
    "button.preview": N_("Preview"),
    "button.export": N_("Export"),
    "conflict.title": N_("Changed by someone else"),
    "conflict.body": N_(
        "{message}\n\nReload shows their change; your edit is kept and offered again."
    ),
    "agenda.home_zone": N_("Home zone"),
    "agenda.display_zone": N_("Shown in"),
    "agenda.all_days": N_("All"),
    "agenda.before": N_("Before"),
    "agenda.day": N_("Day {n}"),
    "agenda.col.time": N_("Time"),
    "agenda.col.track": N_("Track"),
    "agenda.col.kind": N_("Kind"),
    "agenda.col.title": N_("Title"),
    "agenda.col.people": N_("People"),
    "agenda.col.checks": N_("Checks"),
    "agenda.no_sessions": N_("No sessions yet: press n to add one."),
    "agenda.objectives": N_("Objectives"),
    "agenda.roles": N_("Roles"),
    "agenda.checks_clean": N_("Agenda checks: no findings"),
    "agenda.checks_count": N_("Agenda checks: {errors}, {warnings}"),
    "agenda.checks_unavailable": N_("Agenda checks not available yet"),
    "key.new": N_("New"),
    "key.edit": N_("Edit"),
    "key.earlier5": N_("-5 min"),
    "key.later5": N_("+5 min"),
    "key.earlier15": N_("-15 min"),
    "key.later15": N_("+15 min"),
    "key.shorter": N_("Shorter"),
    "key.longer": N_("Longer"),
    "key.duplicate": N_("Duplicate"),
    "key.delete": N_("Delete"),
    "key.zone": N_("Zone"),
    "key.publish": N_("Publish"),
    "key.prev_day": N_("Prev day"),
    "key.next_day": N_("Next day"),
    "session.saved": N_("Session saved: {title}"),
    "session.moved": N_("Moved {minutes:+d} min: {title}"),
    "session.resized": N_("Now {minutes} min: {title}"),
    "session.duplicated": N_("Duplicated: {title}"),
    "session.deleted": N_("Deleted: {title}"),
    "session.confirm_delete": N_("Delete the session “{title}” and its role assignments?"),
    "publish.confirm": N_("Publish the current programme as a new numbered version?"),
    "publish.confirm_errors": N_("The agenda checks report {errors}. Publish this version anyway?"),
    "publish.done": N_("Published version {number}"),
    "zone.title": N_("Display time zone"),
    "zone.help": N_("IANA name, e.g. America/Mexico_City; empty for the home zone"),
    "form.session.new": N_("New session"),
    "form.session.edit": N_("Edit session"),
    "form.title_en": N_("Title (English)"),
    "form.title_es": N_("Title (Spanish)"),
    "form.kind": N_("Kind"),
    "form.day": N_("Day"),
    "form.start": N_("Start (HH:MM, home zone)"),
    "form.minutes": N_("Duration (minutes)"),
    "form.track": N_("Track"),
    "form.objectives": N_("Objectives (e.g. 1, 4, 23)"),
    "form.error.title": N_("Enter a title in English or Spanish"),
    "form.error.start": N_("Start must be HH:MM, e.g. 09:30"),
    "form.error.minutes": N_("Duration must be a whole number of minutes between 5 and 720"),
    "form.error.objectives": N_("Objectives must be numbers 1-23 separated by commas"),
    "form.error.day": N_("Choose a day"),
    "form.person.edit": N_("Edit person"),
    "form.given_name": N_("Given name"),
    "form.family_name": N_("Family name"),
    "form.honorific": N_("Honorific"),
    "form.gender": N_("Gender"),
    "form.country": N_("Country (ISO code or name)"),
    "form.category": N_("Stakeholder category"),
    "form.email": NC_("form field", "Email"),
    "form.position": N_("Position"),
    "form.error.given_name": N_("Enter a given name"),
    "person.saved": N_("Saved: {name}"),
    "people.search": N_("Search name, email or organization…"),
    "people.count": N_("{shown} of {total} people"),
    "people.truncated": N_("first {rows} shown: type to narrow the search"),
    "people.any": N_("Any {what}"),
    "col.name": N_("Name"),
    "col.country": N_("Country"),
    "col.region": N_("Region"),
    "col.gender": N_("Gender"),
    "col.category": N_("Category"),
    "col.organization": N_("Organization"),
    "col.role": N_("Role"),
    "col.status": N_("Status"),
    "col.session": N_("Session"),
    "key.search": N_("Search"),
    "key.assign": N_("Assign"),
    "key.import": N_("Import"),
    "key.sort": N_("Sort"),
    "key.status": N_("Status"),
    "assign.title": N_("Assign {name} to a session"),
    "assign.session": N_("Session"),
    "assign.role": N_("Role"),
    "assign.done": N_("{name}: {role} in {session}"),
    "assign.choose": N_("Choose a session and a role"),
    "status.title": N_("Invitation status of {name}"),
    "status.done": N_("{name}: {status}"),
    "import.title": N_("Import people"),
    "import.path": N_("CSV or XLSX file"),
    "import.summary": N_("{rows}; {errors} in {rejected}"),
    "import.skip_invalid": N_("Skip invalid rows"),
    "import.blocked": N_("Fix the errors first, or choose to skip invalid rows"),
    "import.done": N_("Imported {count} people"),
    "col.row": N_("Row"),
    "col.column": N_("Column"),
    "col.reason": N_("Reason"),
    "col.email": N_("Email"),
    "rt.objective": N_("Objective"),
    "rt.count": N_("Tables"),
    "rt.staff": N_("Moderators and speakers"),
    "rt.none": N_("No round tables in this programme"),
    "rt.moderator_missing": N_("no moderator"),
    "key.toggle_objective": N_("Toggle objective"),
    "key.moderator": NC_("key", "Moderator"),
    "key.speaker": NC_("key", "Speaker"),
    "rt.objective_added": N_("Objective {n} added to {title}"),
    "rt.objective_removed": N_("Objective {n} removed from {title}"),
    "rt.pick_person": N_("Choose a person"),
    "balance.violations": N_("Violations"),
    "balance.composition": N_("Composition"),
    "balance.clean": N_("No balance violations"),
    "balance.gender": N_("Gender"),
    "balance.region": N_("Region"),
    "balance.category": N_("Stakeholders"),
    "col.rule": N_("Rule"),
    "col.severity": N_("Severity"),
    "col.message": N_("Message"),
    "key.jump": N_("Go to session"),
    "key.suggest": N_("Suggest"),
    "suggest.title": N_("Suggestions for {session}"),
    "suggest.none": N_("No candidate improves this rule"),
    "suggest.applied": N_("Applied: {text}"),
    "col.candidate": N_("Candidate"),
    "col.action": N_("Action"),
    "col.score": N_("Score"),
    "inv.outbox": N_("Outbox"),
    "inv.jobs": N_("Scheduled jobs"),
    "inv.scheduler": N_("Scheduler: {state}"),
    "inv.scheduler.unknown": N_("unknown"),
    "inv.scheduler.none": N_("none active: automatic sending is paused (p starts it here)"),
    "inv.scheduler.this_app": N_("running in this app ({holder})"),
    "inv.scheduler.daemon": N_("daemon {holder} (pause it where it runs)"),
    "inv.daemon_active": N_(
        "Another scheduler holds the lock (a daemon): this app does not start a second one"
    ),
    "col.recipient": N_("Recipient"),
    "col.kind": N_("Kind"),
    "col.attempts": N_("Tries"),
    "col.error": N_("Last error"),
    "col.job": N_("Job"),
    "col.next_run": N_("Next run (UTC)"),
    "key.preview": N_("Preview"),
    "key.send_now": N_("Send now"),
    "key.pause": N_("Pause/resume"),
    "inv.preview.title": N_("Invitation preview"),
    "inv.preview.person": N_("Person"),
    "inv.preview.email": N_("Email"),
    "inv.preview.calendar": N_("Calendar entry"),
    "inv.sent": N_("Dispatched: {sent} sent, {failed} failed"),
    "inv.send_confirm": N_("Send the pending messages of the outbox now?"),
    "inv.paused": N_("Scheduler paused"),
    "inv.resumed": N_("Scheduler resumed"),
    "exp.what": N_("What"),
    "exp.language": N_("Language"),
    "exp.format": N_("Format"),
    "exp.path": N_("Output file"),
    "exp.overwrite": N_("Overwrite an existing file"),
    "exp.annex": N_("Annex (g): organization of work and participants"),
    "exp.report": N_("Outcome report skeleton"),
    "exp.calendar": N_("Calendar feed (.ics)"),
    "exp.roster": N_("Roster of people"),
    "exp.result": N_("Written: {path}"),
    "exp.running": N_("Exporting…"),
    "exp.error.path": N_("Enter the output file path"),
    "cmd.help.key": N_("Key: {keys}"),
    "cmd.help.mode": N_("Open this screen · key {keys}"),
    "cmd.help.language": N_("Switch the interface language · F2"),
    "cmd.help.export": N_("Write it to the default file"),
    "cmd.agenda.new": N_("New session"),
    "cmd.agenda.edit": NC_("command", "Edit session"),
    "cmd.agenda.move(-5)": N_("Move session 5 min earlier"),
    "cmd.agenda.move(5)": N_("Move session 5 min later"),
    "cmd.agenda.move(-15)": N_("Move session 15 min earlier"),
    "cmd.agenda.move(15)": N_("Move session 15 min later"),
    "cmd.agenda.resize(-5)": N_("Shorten session by 5 min"),
    "cmd.agenda.resize(5)": N_("Lengthen session by 5 min"),
    "cmd.agenda.duplicate": N_("Duplicate session"),
    "cmd.agenda.delete": N_("Delete session"),
    "cmd.agenda.zone": N_("Switch time zone"),
    "cmd.agenda.publish": N_("Publish the agenda"),
    "cmd.agenda.day(-1)": N_("Previous day"),
    "cmd.agenda.day(1)": N_("Next day"),
    "cmd.agenda.reload": N_("Reload the agenda"),
    "cmd.round_tables.toggle_objective": N_("Assign or remove an objective"),
    "cmd.round_tables.assign('moderator')": N_("Assign moderator"),
    "cmd.round_tables.assign('panellist')": N_("Assign speaker"),
    "cmd.round_tables.reload": N_("Reload round tables"),
    "cmd.people.search": N_("Search people"),
    "cmd.people.edit": NC_("command", "Edit person"),
    "cmd.people.assign": N_("Assign person to a session role"),
    "cmd.people.status": N_("Change invitation status"),
    "cmd.people.import_file": N_("Import a people file"),
    "cmd.people.sort": N_("Sort people by the next column"),
    "cmd.people.reload": N_("Reload people"),
    "cmd.balance.jump": N_("Go to the session of the violation"),
    "cmd.balance.suggest": N_("Suggest a fix for the balance"),
    "cmd.balance.reload": N_("Reload the balance"),
    "cmd.invitations.preview": N_("Preview invitation"),
    "cmd.invitations.send_now": N_("Send the outbox now"),
    "cmd.invitations.pause": N_("Pause/resume the scheduler"),
    "cmd.invitations.reload": N_("Reload invitations"),
    "cmd.exports.export": N_("Export with the chosen settings"),
    "cmd.export.annex": N_("Export the annex"),
    "cmd.export.report": N_("Export the report skeleton"),
    "cmd.export.calendar": N_("Export the calendar feed"),
    "cmd.export.roster": N_("Export the roster of people"),
    "inv.nothing_to_send": N_("Nothing to send: the outbox has no pending messages"),
    "inv.transport_failed": N_(
        "Mail transport failed: {reason}. {held} message(s) kept in the outbox, "
        "no attempt counted; fix the cause and send again"
    ),
    "publish.note": N_("Note (optional)"),
}

#: Counted phrases: key -> (singular, plural) msgids under the context ``count``.
PLURALS: Final[dict[str, tuple[str, str]]] = {
    "count.errors": NNP_("count", "{n} error", "{n} errors"),
    "count.warnings": NNP_("count", "{n} warning", "{n} warnings"),
    "count.valid_rows": NNP_("count", "{n} valid row", "{n} valid rows"),
    "count.rows": NNP_("count", "{n} row", "{n} rows"),
}


class Translator:
    """Looks up UI strings in the current language; ``language`` may change at run time."""

    def __init__(self, language: str = "en") -> None:
        known = (*LANGUAGES, *available_languages())
        self.language = language if language in known else "en"

    def t(self, key: str, **values: object) -> str:
        """The string for ``key`` in the current language, formatted with ``values``."""
        msgid = STRINGS.get(key)
        if msgid is None:
            return f"⟦{key}⟧"
        text = tr(self.language, msgid)
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values: object) -> str:
        """The counted phrase ``key`` for ``n``, by the catalog's plural rule."""
        pair = PLURALS.get(key)
        if pair is None:
            return f"⟦{key}⟧"
        return trnp(self.language, "count", pair[0], pair[1], n).format(n=n, **values)

    def has(self, key: str) -> bool:
        """Whether ``key`` has a string."""
        return key in STRINGS

    def toggled(self) -> str:
        """The other language (English and Spanish; another catalog language goes to English)."""
        return "es" if self.language == "en" else "en"
