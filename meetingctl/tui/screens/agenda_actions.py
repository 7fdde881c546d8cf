"""The Agenda screen's actions: create, edit, move, resize, duplicate, delete, display zone
and publish. Each one calls the domain operations in a worker (see data.agenda_data)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.widgets import Tabs

from agenda.model.errors import ValidationError
from agenda.model.orm import SessionKind
from agenda.time.zones import to_zone, validate_zone
from meetingctl.tui.data import agenda_data
from meetingctl.tui.data.agenda_data import AgendaView, SessionInput, SessionView
from meetingctl.tui.dialogs.confirm import ConfirmDialog, PublishDialog
from meetingctl.tui.dialogs.prompt import PromptDialog
from meetingctl.tui.dialogs.session_form import SessionForm

if TYPE_CHECKING:
    from meetingctl.tui.app import MeetingApp

ALL = "day-all"


class AgendaActions:
    """Mixin for AgendaScreen: the key actions. State, ``t``, ``current``, ``show``,
    ``run_job`` and ``reload`` come from the screen."""

    view: AgendaView | None
    display_zone: str | None
    selected_id: int | None
    day_tab: str
    tapp: MeetingApp
    app: Any
    lang: str

    if TYPE_CHECKING:  # provided by AgendaScreen and its bases
        t: Callable[..., str]
        current: Callable[[], SessionView | None]
        show: Callable[[AgendaView], None]
        run_job: Callable[..., None]
        reload: Callable[..., None]
        notify: Callable[..., None]
        query_one: Callable[..., Any]

    def _days(self) -> list[tuple[str, date]]:
        assert self.view is not None
        days: list[tuple[str, date]] = []
        for day in sorted({s.day for s in self.view.sessions if s.day < 1}):
            date_value = self.view.day_date(day)
            days.append((f"{date_value:%Y-%m-%d} ({self.t('agenda.before')})", date_value))
        for n in range(1, self.view.days + 1):
            date_value = self.view.day_date(n)
            days.append((f"{self.t('agenda.day', n=n)} · {date_value:%Y-%m-%d}", date_value))
        return days

    def _input_from(self, session: SessionView) -> SessionInput:
        assert self.view is not None
        local_start = to_zone(session.start, self.view.home_tz)
        return SessionInput(
            title_en=session.title_en,
            title_es=session.title_es,
            kind=session.kind,
            day=local_start.date(),
            start=local_start.time(),
            minutes=session.minutes,
            track=session.track,
            objectives=session.objectives,
        )

    def action_new(self, initial: SessionInput | None = None, error: str = "") -> None:
        if self.view is None:
            return
        if initial is None and self.day_tab not in (ALL, "day-0"):
            day = self.view.day_date(int(self.day_tab.removeprefix("day-")))
            initial = SessionInput("", "", SessionKind.PLENARY, day, time(9, 0), 60)
        form = SessionForm(self._days(), initial, error=error)

        def submitted(values: SessionInput | None) -> None:
            if values is None:
                return
            self.run_job(
                partial(agenda_data.add_session, self.tapp.context, values),
                lambda new_id: self._saved(new_id, values),
                on_error=lambda exc: self._form_error(exc, partial(self.action_new, values)),
            )

        self.app.push_screen(form, submitted)

    def _form_error(self, error: BaseException, reopen: Callable[..., None]) -> bool:
        if isinstance(error, ValidationError):
            reopen(error=str(error))
            return True
        return False

    def _saved(self, session_id: int, values: SessionInput) -> None:
        self.selected_id = session_id
        self.notify(self.t("session.saved", title=values.title_en or values.title_es), timeout=3)
        self.reload()

    def action_edit(
        self, session_id: int | None = None, values: SessionInput | None = None, error: str = ""
    ) -> None:
        session = self.view.session(session_id) if self.view and session_id else self.current()
        if session is None:
            return
        form = SessionForm(
            self._days(), values or self._input_from(session), editing=True, error=error
        )
        target = session.id

        def submitted(result: SessionInput | None) -> None:
            if result is None:
                return
            fresh = self.view.session(target) if self.view else None
            version = fresh.version if fresh else session.version
            reopen = partial(self.action_edit, target, result)
            self.run_job(
                partial(agenda_data.edit_session, self.tapp.context, target, version, result),
                lambda _none: self._saved(target, result),
                resume=reopen,
                on_error=lambda exc: self._form_error(exc, reopen),
            )

        self.app.push_screen(form, submitted)

    def action_move(self, minutes: int) -> None:
        session = self.current()
        if session is None:
            return
        self.run_job(
            partial(
                agenda_data.move_session, self.tapp.context, session.id, session.version, minutes
            ),
            lambda _none: self._changed(
                "session.moved", minutes=minutes, title=session.title(self.lang)
            ),
        )

    def action_resize(self, minutes: int) -> None:
        session = self.current()
        if session is None:
            return
        self.run_job(
            partial(
                agenda_data.resize_session, self.tapp.context, session.id, session.version, minutes
            ),
            lambda _none: self._changed(
                "session.resized", minutes=session.minutes + minutes, title=session.title(self.lang)
            ),
        )

    def _changed(self, key: str, **values: object) -> None:
        self.notify(self.t(key, **values), timeout=2)
        self.reload()

    def action_duplicate(self) -> None:
        session = self.current()
        if session is None:
            return

        def done(new_id: int) -> None:
            self.selected_id = new_id
            self._changed("session.duplicated", title=session.title(self.lang))

        self.run_job(partial(agenda_data.duplicate_session, self.tapp.context, session.id), done)

    def action_delete(self) -> None:
        session = self.current()
        if session is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.run_job(
                    partial(
                        agenda_data.delete_session, self.tapp.context, session.id, session.version
                    ),
                    lambda _none: self._changed("session.deleted", title=session.title(self.lang)),
                )

        self.app.push_screen(
            ConfirmDialog(self.t("session.confirm_delete", title=session.title(self.lang))),
            confirmed,
        )

    def action_zone(self) -> None:
        if self.view is None:
            return

        def chosen(name: str | None) -> None:
            if name is None:
                return
            self.display_zone = name or None
            if self.view is not None:
                self.show(self.view)

        self.app.push_screen(
            PromptDialog(
                self.t("zone.title"), self.t("zone.help"), self.display_zone or "", validate_zone
            ),
            chosen,
        )

    def action_publish(self) -> None:
        def confirmed(note: str | None) -> None:
            if note is not None:
                self.run_job(
                    partial(agenda_data.publish, self.tapp.context, note),
                    lambda number: self.notify(self.t("publish.done", number=number)),
                )

        errors = (
            sum(1 for f in (self.view.findings or ()) if f.severity == "error") if self.view else 0
        )
        question = (
            self.t("publish.confirm_errors", errors=self.tapp.i18n.plural("count.errors", errors))
            if errors
            else self.t("publish.confirm")
        )
        self.app.push_screen(PublishDialog(question), confirmed)

    def action_day(self, step: int) -> None:
        tabs = self.query_one("#days", Tabs)
        tabs.action_next_tab() if step > 0 else tabs.action_previous_tab()

    def action_reload(self) -> None:
        self.reload()
