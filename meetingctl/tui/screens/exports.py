"""Exports screen: what (annex, report, calendar, roster, programme site), language and format,
a progress bar, and the path of the result."""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from agenda.annex.headcount import HeadcountWarning
from agenda.i18n.catalog import tr
from meetingctl.services.exports import EXPORT_FORMATS
from meetingctl.services.exports_views import (
    AnnexResult,
    CalendarResult,
    ReportResult,
    RosterResult,
    SiteResult,
)
from meetingctl.tui.base import FORM_ROW_CSS, DataScreen, JobFailed

#: The exports service's kinds, and the static programme site (a folder, both languages).
FORMATS: dict[str, tuple[str, ...]] = {**EXPORT_FORMATS, "site": ("html",)}


def default_path(what: str, lang: str, fmt: str) -> str:
    """A suggested output file name (a folder name for the site)."""
    if what == "site":
        return "site"
    return f"{what}-{lang}.{fmt}"


class ExportWritten(Message):
    """An export was written to ``path``; ``warnings`` about its list of participants."""

    def __init__(self, path: Path, warnings: tuple[HeadcountWarning, ...]) -> None:
        super().__init__()
        self.path = path
        self.warnings = warnings


class ExportsScreen(DataScreen):
    """Write the annex, the report skeleton, the calendar feed, the roster or the site."""

    DEFAULT_CSS = (
        FORM_ROW_CSS
        + """
    #exports { height: 1fr; padding: 0 2; max-width: 100; }
    #exports Select, #exports Input { margin-bottom: 1; }
    #export-progress { margin: 1 0; }
    """
    )

    MODE = "exports"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+e", "export", "button.export")]

    def compose_body(self) -> ComposeResult:
        with VerticalScroll(id="exports"):
            yield Label(self.t("exp.what"))
            yield Select(
                [(self._what_label(w), w) for w in FORMATS],
                value="annex",
                allow_blank=False,
                id="export-what",
            )
            with Horizontal(classes="form-row"):
                with Vertical(classes="field"):
                    yield Label(self.t("exp.language"))
                    yield Select(
                        [("English", "en"), ("Español", "es")],
                        value=self.lang,
                        allow_blank=False,
                        id="export-lang",
                    )
                with Vertical(classes="field"):
                    yield Label(self.t("exp.format"))
                    yield Select(
                        [(f, f) for f in FORMATS["annex"]],
                        value="docx",
                        allow_blank=False,
                        id="export-format",
                    )
            yield Label(self.t("exp.path"))
            yield Input(default_path("annex", self.lang, "docx"), id="export-path")
            yield Checkbox(self.t("exp.overwrite"), id="export-overwrite")
            yield Button(self.t("button.export"), id="export-run", variant="primary")
            yield ProgressBar(total=100, id="export-progress", show_eta=False)
            yield Static("", id="export-result", markup=False)

    def _what_label(self, what: str) -> str:
        if what == "site":
            # es: Sitio web del programa (carpeta, en inglés y español)
            return tr(self.lang, "Programme website (folder, English and Spanish)")
        return self.t(f"exp.{what}")

    def prepare(self) -> None:
        """Table columns and focus, after every (re)composition."""
        self.query_one("#export-what", Select).focus()

    def _choice(self, name: str) -> str:
        return str(self.query_one(f"#export-{name}", Select).value)

    def on_select_changed(self, event: Select.Changed) -> None:
        what, lang = self._choice("what"), self._choice("lang")
        formats = FORMATS.get(what, ())
        fmt_select = self.query_one("#export-format", Select)
        if event.select.id == "export-what":
            with self.prevent(Select.Changed):
                fmt_select.set_options([(f, f) for f in formats])
                fmt_select.value = formats[0]
        fmt = str(fmt_select.value)
        self.query_one("#export-path", Input).value = default_path(what, lang, fmt)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "export-run":
            self.action_export()

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_export()

    def action_export_kind(self, what: str) -> None:
        """Choose ``what`` (annex, report, calendar, roster, site) with its first format and
        export."""
        formats = FORMATS[what]
        with self.prevent(Select.Changed):
            self.query_one("#export-what", Select).value = what
            fmt_select = self.query_one("#export-format", Select)
            fmt_select.set_options([(f, f) for f in formats])
            fmt_select.value = formats[0]
        path = default_path(what, self._choice("lang"), formats[0])
        self.query_one("#export-path", Input).value = path
        self.action_export()

    def action_export(self) -> None:
        path = self.query_one("#export-path", Input).value.strip()
        result = self.query_one("#export-result", Static)
        if not path:
            result.update(self.t("exp.error.path"))
            return
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(total=None, progress=0)
        result.update(self.t("exp.running"))

        self._export(
            self._choice("what"),
            self._choice("lang"),
            self._choice("format"),
            path,
            self.query_one("#export-overwrite", Checkbox).value,
        )

    @work(thread=True, exit_on_error=False, group="export")
    def _export(self, what: str, lang: str, fmt: str, path: str, overwrite: bool) -> None:
        """Write the export with the exports service (in a worker thread)."""

        def progress(fraction: float) -> None:
            self.app.call_from_thread(self._progress, round(fraction * 100))

        exports = self.tapp.context.services.exports
        result: AnnexResult | ReportResult | CalendarResult | RosterResult | SiteResult
        try:
            if what == "site":
                result = self.tapp.context.services.site.export(
                    path, force=overwrite, progress=progress
                )
            elif what == "annex":
                result = exports.annex(path, fmt=fmt, lang=lang, force=overwrite, progress=progress)
            elif what == "report":
                result = exports.report(path, lang=lang, force=overwrite, progress=progress)
            elif what == "calendar":
                result = exports.calendar(path, lang=lang, force=overwrite, progress=progress)
            else:
                result = exports.roster(
                    path, fmt=fmt, lang=lang, force=overwrite, progress=progress
                )
            written = result.path.resolve()
        except Exception as exc:  # noqa: BLE001 - every failure is shown, never raised
            self.post_message(JobFailed(exc, None, self._failed))
        else:
            warnings = () if isinstance(result, SiteResult) else result.warnings
            self.post_message(ExportWritten(written, warnings))

    def _progress(self, percent: int) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=100, progress=percent)

    def _failed(self, _error: BaseException) -> bool:
        self.query_one("#export-progress", ProgressBar).update(total=100, progress=0)
        self.query_one("#export-result", Static).update("")
        return False

    @on(ExportWritten)
    def _written(self, message: ExportWritten) -> None:
        self.query_one("#export-progress", ProgressBar).update(total=100, progress=100)
        done = self.t("exp.result", path=message.path)
        warnings = [f"⚠ {w.message(self.lang)}" for w in message.warnings]
        self.query_one("#export-result", Static).update("\n".join([done, *warnings]))
        self.notify(done, timeout=4)
        for warning in warnings:
            self.notify(warning, severity="warning", timeout=10)
