"""The site's own words, through the translation front (English msgids)."""

from __future__ import annotations

from agenda.i18n.catalog import tr
from agenda.i18n.export import label

#: Each language's name in itself (endonyms: the same on every page, not translated).
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "es": "Español"}


def page_texts(lang: str) -> dict[str, str]:
    """Every fixed text of the templates in ``lang`` (the Spanish in the comments is the
    translation the catalog should carry)."""
    return {
        "home": tr(lang, "Home"),  # es: Inicio
        "programme": tr(lang, "Programme"),  # es: Programa
        "round_tables": tr(lang, "Round tables"),  # es: Mesas redondas
        "participants": label("list_of_participants", lang),
        "report": tr(lang, "Report"),  # es: Informe
        "report_title": label("report_title", lang),
        "organization_of_work": label("organization_of_work", lang),
        "time": label("time", lang),
        "session": tr(lang, "Session"),  # es: Sesión
        "objectives": label("objectives", lang),
        "dates": tr(lang, "Dates"),  # es: Fechas
        "modality": tr(lang, "Modality"),  # es: Modalidad
        "venue": tr(lang, "Venue"),  # es: Sede
        "main_nav": tr(lang, "Main navigation"),  # es: Navegación principal
        "language": tr(lang, "Language"),  # es: Idioma
        "calendar": tr(lang, "Calendar"),  # es: Calendario
        "download_programme_ics": tr(
            lang, "Download the whole programme (.ics)"
        ),  # es: Descargar todo el programa (.ics)
        "subscribe": tr(
            lang, "Subscribe in your calendar (webcal)"
        ),  # es: Suscribirse en su calendario (webcal)
        "add_session": tr(lang, "Add to calendar (.ics)"),  # es: Añadir al calendario (.ics)
        "video_link": tr(lang, "Join online"),  # es: Conectarse en línea
        "room": tr(lang, "Room"),  # es: Sala
        "inputs": tr(lang, "Stakeholder inputs"),  # es: Aportes de las partes interesadas
        "no_inputs": tr(
            lang, "No stakeholder inputs on these objectives yet."
        ),  # es: Aún no hay aportes sobre estos objetivos.
        "general_inputs": label("general_inputs", lang),
        "your_time": tr(lang, "Your time"),  # es: Su hora
        "show_times_in": tr(lang, "Show times also in"),  # es: Mostrar las horas también en
        "browser_zone": tr(lang, "Your device's zone"),  # es: La zona horaria de su dispositivo
        "version": tr(lang, "Published version {number}"),  # es: Versión publicada {number}
        "to_be_published": tr(
            lang, "This section will be published after the meeting."
        ),  # es: Esta sección se publicará después de la reunión.
        "skip": tr(lang, "Skip to content"),  # es: Ir al contenido
        "choose_language": tr(lang, "Choose a language"),  # es: Elija un idioma
        "member": tr(lang, "Name"),  # es: Nombre
        "position": tr(lang, "Position"),  # es: Cargo
        "organization": tr(lang, "Organization"),  # es: Organización
        "head_of_delegation": label("head_of_delegation_neutral", lang),
        "no_sessions": tr(
            lang, "No sessions published yet."
        ),  # es: Aún no hay sesiones publicadas.
    }
