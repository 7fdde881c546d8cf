"""UI strings of the terminal app in English and Spanish, switchable at run time.

Only the app's own labels live here; domain messages (check findings, validation errors) come
already written by the domain. A key missing from the table is shown as ``⟦key⟧`` so a gap is
visible instead of silently mixing languages.
"""

from __future__ import annotations

from typing import Final

from meetingctl.tui.i18n_more import MORE_STRINGS

LANGUAGES: Final = ("en", "es")

STRINGS: Final[dict[str, tuple[str, str]]] = {
    # app and navigation
    "mode.agenda": ("Agenda", "Agenda"),
    "mode.round_tables": ("Round tables", "Mesas redondas"),
    "mode.people": ("People", "Personas"),
    "mode.balance": ("Balance", "Equilibrio"),
    "mode.invitations": ("Invitations", "Invitaciones"),
    "mode.exports": ("Exports", "Exportaciones"),
    "key.quit": ("Quit", "Salir"),
    "key.language": ("Español", "English"),
    "key.reload": ("Reload", "Recargar"),
    "key.palette": ("Commands", "Comandos"),
    "lang.switched": ("Interface language: English", "Idioma de la interfaz: español"),
    "error.unexpected": (
        "Unexpected error ({kind}): {message}",
        "Error inesperado ({kind}): {message}",
    ),
    "loading": ("Loading…", "Cargando…"),
    "none": ("—", "—"),
    # common buttons
    "button.cancel": ("Cancel", "Cancelar"),
    "button.save": ("Save", "Guardar"),
    "button.yes": ("Yes", "Sí"),
    "button.no": ("No", "No"),
    "button.reload": ("Reload", "Recargar"),
    "button.keep": ("Keep my edit open", "Mantener mi edición"),
    "button.commit": ("Import", "Importar"),
    "button.preview": ("Preview", "Vista previa"),
    "button.export": ("Export", "Exportar"),
    # conflict
    "conflict.title": ("Changed by someone else", "Modificado por otra persona"),
    "conflict.body": (
        "{message}\n\nReload shows their change; your edit is kept and offered again.",
        "{message}\n\nRecargar muestra su cambio; su edición se conserva y se vuelve a ofrecer.",
    ),
    # agenda
    "agenda.home_zone": ("Home zone", "Zona de referencia"),
    "agenda.display_zone": ("Shown in", "Mostrado en"),
    "agenda.all_days": ("All", "Todo"),
    "agenda.before": ("Before", "Antes"),
    "agenda.day": ("Day {n}", "Día {n}"),
    "agenda.col.time": ("Time", "Hora"),
    "agenda.col.track": ("Track", "Pista"),
    "agenda.col.kind": ("Kind", "Tipo"),
    "agenda.col.title": ("Title", "Título"),
    "agenda.col.people": ("People", "Personas"),
    "agenda.col.checks": ("Checks", "Controles"),
    "agenda.no_sessions": (
        "No sessions yet: press n to add one.",
        "Aún no hay sesiones: pulse n para crear una.",
    ),
    "agenda.objectives": ("Objectives", "Objetivos"),
    "agenda.roles": ("Roles", "Funciones"),
    "agenda.checks_clean": (
        "Agenda checks: no findings",
        "Controles de la agenda: sin observaciones",
    ),
    "agenda.checks_count": (
        "Agenda checks: {errors}, {warnings}",
        "Controles de la agenda: {errors}, {warnings}",
    ),
    "agenda.checks_unavailable": (
        "Agenda checks not available yet",
        "Controles de la agenda aún no disponibles",
    ),
    "key.new": ("New", "Nueva"),
    "key.edit": ("Edit", "Editar"),
    "key.earlier5": ("-5 min", "-5 min"),
    "key.later5": ("+5 min", "+5 min"),
    "key.earlier15": ("-15 min", "-15 min"),
    "key.later15": ("+15 min", "+15 min"),
    "key.shorter": ("Shorter", "Más corta"),
    "key.longer": ("Longer", "Más larga"),
    "key.duplicate": ("Duplicate", "Duplicar"),
    "key.delete": ("Delete", "Eliminar"),
    "key.zone": ("Zone", "Zona"),
    "key.publish": ("Publish", "Publicar"),
    "key.prev_day": ("Prev day", "Día anterior"),
    "key.next_day": ("Next day", "Día siguiente"),
    "session.saved": ("Session saved: {title}", "Sesión guardada: {title}"),
    "session.moved": ("Moved {minutes:+d} min: {title}", "Movida {minutes:+d} min: {title}"),
    "session.resized": ("Now {minutes} min: {title}", "Ahora {minutes} min: {title}"),
    "session.duplicated": ("Duplicated: {title}", "Duplicada: {title}"),
    "session.deleted": ("Deleted: {title}", "Eliminada: {title}"),
    "session.confirm_delete": (
        "Delete the session “{title}” and its role assignments?",
        "¿Eliminar la sesión «{title}» y sus asignaciones?",
    ),
    "publish.confirm": (
        "Publish the current programme as a new numbered version?",
        "¿Publicar el programa actual como una nueva versión numerada?",
    ),
    "publish.confirm_errors": (
        "The agenda checks report {errors}. Publish this version anyway?",
        "Los controles de la agenda señalan {errors}. ¿Publicar esta versión de todos modos?",
    ),
    "publish.done": ("Published version {number}", "Versión {number} publicada"),
    "zone.title": ("Display time zone", "Zona horaria de visualización"),
    "zone.help": (
        "IANA name, e.g. America/Mexico_City; empty for the home zone",
        "Nombre IANA, p. ej. America/Mexico_City; vacío para la zona de referencia",
    ),
    # session form
    "form.session.new": ("New session", "Nueva sesión"),
    "form.session.edit": ("Edit session", "Editar sesión"),
    "form.title_en": ("Title (English)", "Título (inglés)"),
    "form.title_es": ("Title (Spanish)", "Título (español)"),
    "form.kind": ("Kind", "Tipo"),
    "form.day": ("Day", "Día"),
    "form.start": ("Start (HH:MM, home zone)", "Inicio (HH:MM, zona de referencia)"),
    "form.minutes": ("Duration (minutes)", "Duración (minutos)"),
    "form.track": ("Track", "Pista"),
    "form.objectives": ("Objectives (e.g. 1, 4, 23)", "Objetivos (p. ej. 1, 4, 23)"),
    "form.error.title": (
        "Enter a title in English or Spanish",
        "Escriba un título en inglés o en español",
    ),
    "form.error.start": (
        "Start must be HH:MM, e.g. 09:30",
        "El inicio debe ser HH:MM, p. ej. 09:30",
    ),
    "form.error.minutes": (
        "Duration must be a whole number of minutes between 5 and 720",
        "La duración debe ser un número entero de minutos entre 5 y 720",
    ),
    "form.error.objectives": (
        "Objectives must be numbers 1-23 separated by commas",
        "Los objetivos deben ser números de 1 a 23 separados por comas",
    ),
    "form.error.day": ("Choose a day", "Elija un día"),
    # person form
    "form.person.edit": ("Edit person", "Editar persona"),
    "form.given_name": ("Given name", "Nombre"),
    "form.family_name": ("Family name", "Apellido"),
    "form.honorific": ("Honorific", "Tratamiento"),
    "form.gender": ("Gender", "Género"),
    "form.country": ("Country (ISO code or name)", "País (código ISO o nombre)"),
    "form.category": ("Stakeholder category", "Categoría de actor"),
    "form.email": ("Email", "Correo electrónico"),
    "form.position": ("Position", "Cargo"),
    "form.error.given_name": ("Enter a given name", "Escriba un nombre"),
    "person.saved": ("Saved: {name}", "Guardado: {name}"),
    # people
    "people.search": (
        "Search name, email or organization…",
        "Buscar nombre, correo u organización…",
    ),
    "people.count": ("{shown} of {total} people", "{shown} de {total} personas"),
    "people.truncated": (
        "first {rows} shown: type to narrow the search",
        "se muestran las primeras {rows}: escriba para acotar la búsqueda",
    ),
    "people.any": ("Any {what}", "{what}: todos"),
    "col.name": ("Name", "Nombre"),
    "col.country": ("Country", "País"),
    "col.region": ("Region", "Región"),
    "col.gender": ("Gender", "Género"),
    "col.category": ("Category", "Categoría"),
    "col.organization": ("Organization", "Organización"),
    "col.role": ("Role", "Función"),
    "col.status": ("Status", "Estado"),
    "col.session": ("Session", "Sesión"),
    "key.search": ("Search", "Buscar"),
    "key.assign": ("Assign", "Asignar"),
    "key.import": ("Import", "Importar"),
    "key.sort": ("Sort", "Ordenar"),
    "key.status": ("Status", "Estado"),
    "assign.title": ("Assign {name} to a session", "Asignar a {name} a una sesión"),
    "assign.session": ("Session", "Sesión"),
    "assign.role": ("Role", "Función"),
    "assign.done": ("{name}: {role} in {session}", "{name}: {role} en {session}"),
    "assign.choose": ("Choose a session and a role", "Elija una sesión y una función"),
    "status.title": ("Invitation status of {name}", "Estado de la invitación de {name}"),
    "status.done": ("{name}: {status}", "{name}: {status}"),
    "import.title": ("Import people", "Importar personas"),
    "import.path": ("CSV or XLSX file", "Archivo CSV o XLSX"),
    "import.summary": (
        "{rows}; {errors} in {rejected}",
        "{rows}; {errors} en {rejected}",
    ),
    "import.skip_invalid": ("Skip invalid rows", "Omitir filas no válidas"),
    "import.blocked": (
        "Fix the errors first, or choose to skip invalid rows",
        "Corrija primero los errores, o elija omitir las filas no válidas",
    ),
    "import.done": ("Imported {count} people", "Se importaron {count} personas"),
    "col.row": ("Row", "Fila"),
    "col.column": ("Column", "Columna"),
    "col.reason": ("Reason", "Motivo"),
    "col.email": ("Email", "Correo"),
    # round tables
    "rt.objective": ("Objective", "Objetivo"),
    "rt.count": ("Tables", "Mesas"),
    "rt.staff": ("Moderators and speakers", "Moderadores y oradores"),
    "rt.none": ("No round tables in this programme", "No hay mesas redondas en este programa"),
    "rt.moderator_missing": ("no moderator", "sin moderador"),
    "key.toggle_objective": ("Toggle objective", "Alternar objetivo"),
    "key.moderator": ("Moderator", "Moderador"),
    "key.speaker": ("Speaker", "Orador"),
    "rt.objective_added": ("Objective {n} added to {title}", "Objetivo {n} añadido a {title}"),
    "rt.objective_removed": (
        "Objective {n} removed from {title}",
        "Objetivo {n} quitado de {title}",
    ),
    "rt.pick_person": ("Choose a person", "Elija una persona"),
    # balance
    "balance.violations": ("Violations", "Incumplimientos"),
    "balance.composition": ("Composition", "Composición"),
    "balance.clean": ("No balance violations", "Sin incumplimientos de equilibrio"),
    "balance.gender": ("Gender", "Género"),
    "balance.region": ("Region", "Región"),
    "balance.category": ("Stakeholders", "Actores"),
    "col.rule": ("Rule", "Regla"),
    "col.severity": ("Severity", "Gravedad"),
    "col.message": ("Message", "Mensaje"),
    "key.jump": ("Go to session", "Ir a la sesión"),
    "key.suggest": ("Suggest", "Sugerir"),
    "suggest.title": ("Suggestions for {session}", "Sugerencias para {session}"),
    "suggest.none": ("No candidate improves this rule", "Ningún candidato mejora esta regla"),
    "suggest.applied": ("Applied: {text}", "Aplicado: {text}"),
    "col.candidate": ("Candidate", "Candidato"),
    "col.action": ("Action", "Acción"),
    "col.score": ("Score", "Puntuación"),
    # invitations
    "inv.outbox": ("Outbox", "Bandeja de salida"),
    "inv.jobs": ("Scheduled jobs", "Tareas programadas"),
    "inv.scheduler": ("Scheduler: {state}", "Programador: {state}"),
    "inv.scheduler.unknown": ("unknown", "desconocido"),
    "inv.scheduler.none": (
        "none active: automatic sending is paused (p starts it here)",
        "ninguno activo: el envío automático está en pausa (p lo inicia aquí)",
    ),
    "inv.scheduler.this_app": ("running in this app ({holder})", "en esta aplicación ({holder})"),
    "inv.scheduler.daemon": (
        "daemon {holder} (pause it where it runs)",
        "servicio {holder} (páuselo donde se ejecuta)",
    ),
    "inv.daemon_active": (
        "Another scheduler holds the lock (a daemon): this app does not start a second one",
        "Otro programador tiene el bloqueo (un servicio): esta aplicación no inicia un segundo",
    ),
    "col.recipient": ("Recipient", "Destinatario"),
    "col.kind": ("Kind", "Tipo"),
    "col.attempts": ("Tries", "Intentos"),
    "col.error": ("Last error", "Último error"),
    "col.job": ("Job", "Tarea"),
    "col.next_run": ("Next run (UTC)", "Próxima ejecución (UTC)"),
    "key.preview": ("Preview", "Vista previa"),
    "key.send_now": ("Send now", "Enviar ahora"),
    "key.pause": ("Pause/resume", "Pausar/reanudar"),
    "inv.preview.title": ("Invitation preview", "Vista previa de la invitación"),
    "inv.preview.person": ("Person", "Persona"),
    "inv.preview.email": ("Email", "Correo"),
    "inv.preview.calendar": ("Calendar entry", "Entrada de calendario"),
    "inv.sent": (
        "Dispatched: {sent} sent, {failed} failed",
        "Despachado: {sent} enviados, {failed} fallidos",
    ),
    "inv.send_confirm": (
        "Send the pending messages of the outbox now?",
        "¿Enviar ahora los mensajes pendientes de la bandeja de salida?",
    ),
    "inv.paused": ("Scheduler paused", "Programador en pausa"),
    "inv.resumed": ("Scheduler resumed", "Programador reanudado"),
    # exports
    "exp.what": ("What", "Qué"),
    "exp.language": ("Language", "Idioma"),
    "exp.format": ("Format", "Formato"),
    "exp.path": ("Output file", "Archivo de salida"),
    "exp.overwrite": ("Overwrite an existing file", "Sobrescribir un archivo existente"),
    "exp.annex": (
        "Annex (g): organization of work and participants",
        "Anexo (g): organización de los trabajos y participantes",
    ),
    "exp.report": ("Outcome report skeleton", "Esquema del informe final"),
    "exp.calendar": ("Calendar feed (.ics)", "Calendario (.ics)"),
    "exp.roster": ("Roster of people", "Lista de personas"),
    "exp.result": ("Written: {path}", "Escrito: {path}"),
    "exp.running": ("Exporting…", "Exportando…"),
    "exp.error.path": ("Enter the output file path", "Escriba la ruta del archivo de salida"),
}

STRINGS.update(MORE_STRINGS)


class Translator:
    """Looks up UI strings in the current language; ``language`` may change at run time."""

    def __init__(self, language: str = "en") -> None:
        self.language = language if language in LANGUAGES else "en"

    def t(self, key: str, **values: object) -> str:
        """The string for ``key`` in the current language, formatted with ``values``."""
        pair = STRINGS.get(key)
        if pair is None:
            return f"⟦{key}⟧"
        text = pair[1] if self.language == "es" else pair[0]
        return text.format(**values) if values else text

    def plural(self, key: str, n: int, **values: object) -> str:
        """``<key>.one`` or ``<key>.other`` for the count ``n`` (same rule in en and es)."""
        return self.t(f"{key}.{'one' if n == 1 else 'other'}", n=n, **values)

    def has(self, key: str) -> bool:
        """Whether ``key`` has a translation."""
        return key in STRINGS

    def toggled(self) -> str:
        """The other language."""
        return "es" if self.language == "en" else "en"
