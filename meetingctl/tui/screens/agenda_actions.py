"""The Agenda screen's actions: create, edit, move, resize, duplicate, delete, display zone
and publish. Each one calls :class:`meetingctl.services.programme.ProgrammeService` in a worker
thread and posts a typed message that the screen renders."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, time, timedelta
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import work
from textual.message import Message
from textual.widgets import Tabs

from agenda.model.enums import SessionKind
from agenda.model.errors import ValidationError
from agenda.time.zones import to_zone, validate_zone
from meetingctl.services.programme_views import AgendaView, SessionInput, SessionView
from meetingctl.tui.base import JobFailed
from meetingctl.tui.dialogs.confirm import ConfirmDialog, PublishDialog
from meetingctl.tui.dialogs.prompt import PromptDialog
from meetingctl.tui.dialogs.session_form import SessionForm

if TYPE_CHECKING:
    from meetingctl.services.programme import ProgrammeService
    from meetingctl.tui.app import MeetingApp

ALL = "day-all"


class SessionSaved(Message):
    """The session form was saved: select ``session_id`` and say so."""

    def __init__(self, session_id: int, title: str) -> None:
        super().__init__()
        self.session_id = session_id
        self.title = title


class SessionChanged(Message):
    """A key changed a session: notify ``key`` (an i18n key with ``values``), then reload;
    ``select`` is the session to put the cursor on (a new copy), if any."""

    def __init__(self, key: str, values: dict[str, object], select: int | None = None) -> None:
        super().__init__()
        self.key = key
        self.values = values
        self.select = select


class ProgrammePublished(Message):
    """A new version was published."""

    def __init__(self, number: int) -> None:
        super().__init__()
        self.number = number


class AgendaActions:
    """Mixin for AgendaScreen: the key actions and their workers. State, ``t``, ``current``,
    ``show`` and ``reload`` come from the screen."""

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
        reload: Callable[..., None]
        notify: Callable[..., None]
        query_one: Callable[..., Any]
        post_message: Callable[[Message], bool]

    @property
    def programme(self) -> ProgrammeService:
        """The programme use cases."""
        return self.tapp.context.services.programme

    def _failed(
        self,
        error: Exception,
        resume: Callable[[], None] | None = None,
        on_error: Callable[[BaseException], bool] | None = None,
    ) -> None:
        self.post_message(JobFailed(error, resume, on_error))

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
            if values is not None:
                self._add(values)

        self.app.push_screen(form, submitted)

    @work(thread=True, exit_on_error=False, group="db")
    def _add(self, values: SessionInput) -> None:
        try:
            added = self.programme.add_session(values.as_new_session())
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            reopen = partial(self.action_new, values)
            self._failed(exc, on_error=lambda e: self._form_error(e, reopen))
            return
        self.post_message(SessionSaved(added.session.id, values.title_en or values.title_es))

    def _form_error(self, error: BaseException, reopen: Callable[..., None]) -> bool:
        if isinstance(error, ValidationError):
            reopen(error=str(error))
            return True
        return False

    def on_session_saved(self, message: SessionSaved) -> None:
        self.selected_id = message.session_id
        self.notify(self.t("session.saved", title=message.title), timeout=3)
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
            self._save(target, version, result)

        self.app.push_screen(form, submitted)

    @work(thread=True, exit_on_error=False, group="db")
    def _save(self, session_id: int, version: int, values: SessionInput) -> None:
        try:
            self.programme.save_session(session_id, values, expected_version=version)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            reopen = partial(self.action_edit, session_id, values)
            self._failed(exc, reopen, lambda e: self._form_error(e, reopen))
            return
        self.post_message(SessionSaved(session_id, values.title_en or values.title_es))

    def action_move(self, minutes: int) -> None:
        session = self.current()
        if session is not None:
            self._shift(session.id, session.version, minutes, session.title(self.lang))

    @work(thread=True, exit_on_error=False, group="db")
    def _shift(self, session_id: int, version: int, minutes: int, title: str) -> None:
        try:
            self.programme.shift_session(session_id, minutes, expected_version=version)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self._failed(exc)
            return
        self.post_message(SessionChanged("session.moved", {"minutes": minutes, "title": title}))

    def action_resize(self, minutes: int) -> None:
        session = self.current()
        if session is not None:
            self._resize(session, minutes, session.title(self.lang))

    @work(thread=True, exit_on_error=False, group="db")
    def _resize(self, session: SessionView, minutes: int, title: str) -> None:
        try:
            self.programme.resize_session(
                session.id, longer_by=timedelta(minutes=minutes), expected_version=session.version
            )
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self._failed(exc)
            return
        length = session.minutes + minutes
        self.post_message(SessionChanged("session.resized", {"minutes": length, "title": title}))

    def on_session_changed(self, message: SessionChanged) -> None:
        if message.select is not None:
            self.selected_id = message.select
        self.notify(self.t(message.key, **message.values), timeout=2)
        self.reload()

    def action_duplicate(self) -> None:
        session = self.current()
        if session is not None:
            self._duplicate(session.id, session.title(self.lang))

    @work(thread=True, exit_on_error=False, group="db")
    def _duplicate(self, session_id: int, title: str) -> None:
        try:
            copy = self.programme.duplicate_session(session_id)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self._failed(exc)
            return
        self.post_message(SessionChanged("session.duplicated", {"title": title}, copy.session.id))

    def action_delete(self) -> None:
        session = self.current()
        if session is None:
            return
        title = session.title(self.lang)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self._delete(session.id, session.version, title)

        question = self.t("session.confirm_delete", title=title)
        self.app.push_screen(ConfirmDialog(question), confirmed)

    @work(thread=True, exit_on_error=False, group="db")
    def _delete(self, session_id: int, version: int, title: str) -> None:
        try:
            self.programme.delete_session(session_id, expected_version=version)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self._failed(exc)
            return
        self.post_message(SessionChanged("session.deleted", {"title": title}))

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
        errors = (
            sum(1 for f in (self.view.findings or ()) if f.severity == "error") if self.view else 0
        )

        def confirmed(note: str | None) -> None:
            if note is not None:  # the organizer saw the errors, if any: publish despite them
                self._publish(note, errors > 0)

        question = (
            self.t("publish.confirm_errors", errors=self.tapp.i18n.plural("count.errors", errors))
            if errors
            else self.t("publish.confirm")
        )
        self.app.push_screen(PublishDialog(question), confirmed)

    @work(thread=True, exit_on_error=False, group="db")
    def _publish(self, note: str, force: bool) -> None:
        try:
            published = self.programme.publish(note, force=force)
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self._failed(exc)
            return
        self.post_message(ProgrammePublished(published.number))

    def on_programme_published(self, message: ProgrammePublished) -> None:
        self.notify(self.t("publish.done", number=message.number))

    def action_day(self, step: int) -> None:
        tabs = self.query_one("#days", Tabs)
        tabs.action_next_tab() if step > 0 else tabs.action_previous_tab()

    def action_reload(self) -> None:
        self.reload()
