"""`meetingctl people attendance`: record who registered, confirmed or attended."""

from __future__ import annotations

import click

from agenda.model.enums import Attendance
from meetingctl.context import AppContext

pass_app = click.make_pass_decorator(AppContext)


@click.command("attendance")
@click.option(
    "--person",
    "person_ids",
    type=int,
    multiple=True,
    required=True,
    help="Person id (repeat for several people).",
)
@click.option(
    "--status",
    type=click.Choice([a.value for a in Attendance]),
    required=True,
    help="Attendance to record.",
)
@pass_app
def people_attendance(app: AppContext, person_ids: tuple[int, ...], status: str) -> None:
    """Record the attendance (registered, confirmed, attended) of one or more people.

    The annex and the report list people by this (see [exports] participants); a confirmed
    role assignment also counts as confirmed.
    """
    recorded = app.services.people.set_attendance(person_ids, Attendance(status))
    names = [f"{person_id} {name}" for person_id, name in recorded.people]
    for name in names:
        click.echo(f"{name}: {status}")
    click.echo(f"Recorded attendance '{status}' for {len(names)} people")


def register(root: click.Group) -> None:
    """Add `people attendance` to the `people` group."""
    group = root.commands["people"]
    assert isinstance(group, click.Group)
    group.add_command(people_attendance)
