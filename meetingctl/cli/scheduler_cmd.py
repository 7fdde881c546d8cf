"""`meetingctl scheduler`: the headless daemon (plans and sends mail; one active per database)."""

from __future__ import annotations

import logging
import signal
import sys
import threading

import click

from agenda.i18n.catalog import tr
from meetingctl.cli.invite import fail_unless_delivered
from meetingctl.context import AppContext
from meetingctl.scheduler_lease import lease_ttl
from meetingctl.secrets import install_log_redaction

pass_app = click.make_pass_decorator(AppContext)


@click.command("scheduler")
@click.option(
    "--status", "show_status", is_flag=True, help="Show which scheduler is active, then exit."
)
@click.option("--once", is_flag=True, help="Plan and dispatch once (holding the lock), then exit.")
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error"]),
    default="info",
    show_default=True,
)
@pass_app
def scheduler_cmd(app: AppContext, show_status: bool, once: bool, log_level: str) -> None:
    """Run the scheduler daemon: invitations on publication, reminders, nudges, retries.

    A second instance on the same database waits as standby and takes over when the first
    stops. SIGTERM or SIGINT stop it gracefully (the message chunk being sent is finished).
    """
    service = app.services.delivery
    if show_status:
        active = service.scheduler_status()
        if active is None:
            click.echo("no scheduler is active")
        elif active.stale:
            expired = active.expired_at.isoformat() if active.expired_at else "?"
            # es: "detenido: {holder} tiene el bloqueo del planificador pero su latido se detuvo
            # (la concesión expiró a las {expired}); puede estar congelado (SIGSTOP) o colgado. Un
            # planificador en espera lo reemplaza cuando el latido lleva {ttl:.0f} s en silencio;
            # si no hay ninguno, inicie uno (`meetingctl scheduler`) o detenga ese proceso."
            message = tr(
                app.config.ui.language,
                "stalled: {holder} holds the scheduler lock but its heartbeat stopped (lease "
                "expired at {expired}); it may be frozen (SIGSTOP) or hung. A standby takes over "
                "once the heartbeat has been silent for {ttl:.0f} s; if none runs, start one "
                "(`meetingctl scheduler`) or stop that process.",
            )
            click.echo(
                message.format(
                    holder=active.holder,
                    expired=expired,
                    ttl=lease_ttl(app.config.scheduler.standby_poll_seconds),
                ),
                err=True,
            )
            raise click.exceptions.Exit(1)
        else:
            click.echo(f"active: {active.holder} (since {active.since.isoformat()})")
        return
    logging.basicConfig(
        level=getattr(logging, log_level.upper()),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    install_log_redaction()
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.root.level))
    # A dispatch run longer than the interval makes APScheduler skip the next tick (by design:
    # max_instances=1); that is not worth a warning every second.
    logging.getLogger("apscheduler.scheduler").addFilter(
        lambda record: "maximum number of running instances" not in record.getMessage()
    )
    if once:
        run = service.run_scheduler_once()
        if not run.ran:
            click.echo("another scheduler is active; nothing done", err=True)
            return
        if run.paused or run.sent is None:
            click.echo(f"planned {run.planned}; sending is paused (`meetingctl outbox resume`)")
            return
        report = run.sent
        click.echo(
            f"planned {run.planned}; sent {report.sent}, retry {report.retry}, dead {report.dead}"
        )
        fail_unless_delivered(report)
        return
    from meetingctl.scheduler import SchedulerService  # APScheduler: only when it runs

    daemon = SchedulerService(app)

    def _stop(signum: int, _frame: object) -> None:
        logging.getLogger(__name__).info("signal %s: stopping", signal.Signals(signum).name)
        daemon.stop()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
    daemon.run_forever(on_state=lambda state: click.echo(f"scheduler: {state}", err=True))


def register(root: click.Group) -> None:
    """Add `scheduler`."""
    root.add_command(scheduler_cmd)
