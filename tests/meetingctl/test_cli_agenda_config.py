"""The [agenda] config section: rule severities (incl. info/off) and the working-hours window."""

from __future__ import annotations

from datetime import time

import pytest

from agenda.programme.checks import RULE_IDS, CheckSettings
from meetingctl.config import ConfigError, parse_config


def test_rule_severities_and_window_reach_the_checks():
    config = parse_config(
        {
            "agenda": {
                "working_hours_start": "08:30",
                "working_hours_end": "19:00",
                "rules": {
                    "out-of-hours": {"severity": "info"},
                    "overlap-track": {"severity": "off"},
                    "coverage-missing": {},
                },
            }
        }
    )
    settings = CheckSettings.from_config(config.agenda)
    assert (settings.window.start, settings.window.end) == (time(8, 30), time(19))
    assert dict(settings.severities) == {"out-of-hours": "info", "overlap-track": "off"}


@pytest.mark.parametrize(
    ("section", "message"),
    [
        ({"rules": {"overlap": {"severity": "error"}}}, "unknown agenda rule(s) overlap"),
        ({"rules": {"out-of-hours": {"severity": "loud"}}}, "agenda.rules.out-of-hours.severity"),
        ({"working_hours_start": "22:00", "working_hours_end": "07:00"}, "earlier than"),
        ({"working_hours_start": "7am"}, "agenda.working_hours_start"),
    ],
)
def test_bad_agenda_settings_name_the_key(section, message):
    with pytest.raises(ConfigError, match="agenda") as info:
        parse_config({"agenda": section})
    assert message in str(info.value)
    if "unknown agenda rule" in message:
        assert all(rule in str(info.value) for rule in RULE_IDS)
