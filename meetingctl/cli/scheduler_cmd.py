"""`meetingctl scheduler`: the headless daemon (plans and sends mail; one active per database)."""

from __future__ import annotations

import logging
import signal
import sys
import threading

import click

from meetingctl import scheduler as scheduler_module
from meetingctl.context import AppContext

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
    factory = app.session_factory  # checks the schema first
    if show_status:
        active = scheduler_module.active_scheduler(factory)
        if active is None:
            click.echo("no scheduler is active")
        else:
            click.echo(f"active: {active.holder} (since {active.since.isoformat()})")
        return
    logging.basicConfig(
        level=getattr(logging, log_level.upper()),
        stream=sys.stderr,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
    )
    logging.getLogger("apscheduler").setLevel(max(logging.WARNING, logging.root.level))
    # A dispatch run longer than the interval makes APScheduler skip the next tick (by design:
    # max_instances=1); that is not worth a warning every second.
    logging.getLogger("apscheduler.scheduler").addFilter(
        lambda record: "maximum number of running instances" not in record.getMessage()
    )
    service = scheduler_module.SchedulerService.for_context(app)
    if once:
        if not service.lock.acquire():
            click.echo("another scheduler is active; nothing done", err=True)
            return
        try:
            created = service.plan()
            if scheduler_module.is_paused(service.factory):
                click.echo(f"planned {created}; sending is paused (`meetingctl outbox resume`)")
                return
            report = service.dispatch(force=True)
        finally:
            service.lock.release()
        click.echo(
            f"planned {created}; sent {report.sent}, retry {report.retry}, dead {report.dead}"
        )
        return

    def _stop(signum: int, _frame: object) -> None:
        logging.getLogger(__name__).info("signal %s: stopping", signal.Signals(signum).name)
        service.stop()

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _stop)
        signal.signal(signal.SIGINT, _stop)
    service.run_forever(on_state=lambda state: click.echo(f"scheduler: {state}", err=True))


def register(root: click.Group) -> None:
    """Add `scheduler`."""
    root.add_command(scheduler_cmd)
