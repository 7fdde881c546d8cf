"""The parts of the vendors' published contracts the stand-ins enforce.

Copied by hand from Graph's v1.0 CSDL (event, attendee, dateTimeTimeZone, itemBody, location,
onlineMeeting, createOrGet, cancel), Zoom's Meeting API OpenAPI (POST /users/{userId}/meetings,
PATCH /meetings/{meetingId}) and Webex's Meetings OpenAPI (CreateMeetingObject,
simultaneousInterpretation). Only what this project sends is encoded, strictly: unknown
properties are rejected so that a typo in a body fails a test.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

Schema = dict[str, Any]


def validate(value: Any, schema: Schema, where: str = "body") -> list[str]:
    """Problems of ``value`` against a small JSON-schema-like ``schema`` (empty when valid)."""
    kind = schema.get("type")
    problems: list[str] = []
    if kind == "object":
        if not isinstance(value, dict):
            return [f"{where}: expected an object"]
        props: dict[str, Schema] = schema.get("properties", {})
        for name in schema.get("required", ()):
            if name not in value:
                problems.append(f"{where}.{name}: required")
        for name, item in value.items():
            if name not in props:
                if not schema.get("additional", False):
                    problems.append(f"{where}.{name}: unknown property")
                continue
            problems += validate(item, props[name], f"{where}.{name}")
        return problems
    if kind == "array":
        if not isinstance(value, list):
            return [f"{where}: expected an array"]
        if "maxItems" in schema and len(value) > schema["maxItems"]:
            problems.append(f"{where}: more than {schema['maxItems']} items")
        for index, item in enumerate(value):
            problems += validate(item, schema["items"], f"{where}[{index}]")
        return problems
    if kind == "string":
        if not isinstance(value, str):
            return [f"{where}: expected a string"]
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            problems.append(f"{where}: longer than {schema['maxLength']}")
        if "pattern" in schema and not re.fullmatch(schema["pattern"], value):
            problems.append(f"{where}: {value!r} does not match {schema['pattern']}")
        if "check" in schema and not schema["check"](value):
            problems.append(f"{where}: invalid value {value!r}")
    elif kind == "boolean" and not isinstance(value, bool):
        problems.append(f"{where}: expected a boolean")
    elif kind == "integer" and (not isinstance(value, int) or isinstance(value, bool)):
        problems.append(f"{where}: expected an integer")
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not one of {schema['enum']}")
    return problems


def is_zone(name: str) -> bool:
    """An IANA zone name (or UTC) Graph/Zoom/Webex accept."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


def _windows_zone_names() -> frozenset[str]:
    try:  # CLDR's windowsZones table, as shipped with tzlocal (an APScheduler dependency)
        from tzlocal.windows_tz import win_tz
    except ImportError:  # pragma: no cover - a few common names
        return frozenset({"UTC", "Pacific Standard Time", "Romance Standard Time"})
    return frozenset(win_tz)


WINDOWS_ZONES = _windows_zone_names()


def is_graph_zone(name: str) -> bool:
    """dateTimeTimeZone.timeZone: Graph takes Windows zone names ("Pacific Standard Time")
    as well as IANA names."""
    return name in WINDOWS_ZONES or is_zone(name)


def is_iso8601(value: str) -> bool:
    """Any ISO 8601 date-time (Webex start/end: "any ISO 8601 compliant format"; without an
    offset it is read in the body's ``timezone``, as the contract's own example does)."""
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return False
    return True


ANY: Schema = {}


def with_names(typed: dict[str, Schema], names: str) -> dict[str, Schema]:
    """The contract's property ``names`` (space-separated, copied from the contract), those
    this project sends typed strictly, the others accepted as they come (any value)."""
    unknown = set(typed) - set(names.split())
    assert not unknown, f"typed properties not in the contract: {unknown}"
    return {name: typed.get(name, ANY) for name in names.split()}


EMAIL = r"[^@\s]+@[^@\s]+\.[^@\s]+"
STRING: Schema = {"type": "string"}
BOOLEAN: Schema = {"type": "boolean"}

# ---------------------------------------------------------------- Microsoft Graph v1.0
GRAPH_DATETIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,7})?"
DATE_TIME_TIME_ZONE: Schema = {
    "type": "object",
    "required": ["dateTime", "timeZone"],
    "properties": {
        "dateTime": {"type": "string", "pattern": GRAPH_DATETIME},
        "timeZone": {"type": "string", "check": is_graph_zone},
    },
}
ITEM_BODY: Schema = {
    "type": "object",
    # bodyType members text/html; OData enum values are read case-insensitively ("HTML")
    "properties": {
        "content": STRING,
        "contentType": {"type": "string", "check": lambda v: v.lower() in {"text", "html"}},
    },
}
ATTENDEE: Schema = {
    "type": "object",
    "required": ["emailAddress"],
    "properties": {
        "emailAddress": {
            "type": "object",
            "required": ["address"],
            "properties": {"address": {"type": "string", "pattern": EMAIL}, "name": STRING},
        },
        "type": {"type": "string", "enum": ["required", "optional", "resource"]},
    },
}
LOCATION: Schema = {
    "type": "object",
    "properties": {
        "displayName": STRING,
        "locationUri": STRING,
        "locationEmailAddress": STRING,
        "address": ANY,
        "coordinates": ANY,
        "locationType": STRING,
        "uniqueId": STRING,
        "uniqueIdType": STRING,
    },
}
MAX_EVENT_ATTENDEES = 500
GRAPH_EVENT: Schema = {
    "type": "object",
    "properties": {
        "subject": STRING,
        "body": ITEM_BODY,
        "start": DATE_TIME_TIME_ZONE,
        "end": DATE_TIME_TIME_ZONE,
        "attendees": {"type": "array", "items": ATTENDEE, "maxItems": MAX_EVENT_ATTENDEES},
        "location": LOCATION,
        "isOnlineMeeting": BOOLEAN,
        "onlineMeetingProvider": {
            "type": "string",
            "enum": ["unknown", "skypeForBusiness", "skypeForConsumer", "teamsForBusiness"],
        },
        "transactionId": STRING,
        "responseRequested": BOOLEAN,
        "allowNewTimeProposals": BOOLEAN,
        "isReminderOn": BOOLEAN,
        "importance": {"type": "string", "enum": ["low", "normal", "high"]},
        "showAs": {
            "type": "string",
            "enum": ["unknown", "free", "tentative", "busy", "oof", "workingElsewhere"],
        },
        "sensitivity": {
            "type": "string",
            "enum": ["normal", "personal", "private", "confidential"],
        },
        "categories": {"type": "array", "items": STRING},
        "reminderMinutesBeforeStart": {"type": "integer"},
        "isAllDay": BOOLEAN,
        "hideAttendees": BOOLEAN,
        "locations": {"type": "array", "items": LOCATION},
    },
}
#: event's writable structural properties (outlookItem's included), from the CSDL; the read-only
#: and navigation ones (id, iCalUId, webLink, instances...) are refused in a body.
GRAPH_EVENT_NAMES = (
    "allowNewTimeProposals attendees body categories end hideAttendees importance isAllDay "
    "isOnlineMeeting isReminderOn location locations onlineMeetingProvider originalEndTimeZone "
    "originalStartTimeZone recurrence reminderMinutesBeforeStart responseRequested sensitivity "
    "showAs start subject transactionId"
)
GRAPH_EVENT["properties"] = with_names(GRAPH_EVENT["properties"], GRAPH_EVENT_NAMES)
GRAPH_EVENT_CREATE: Schema = GRAPH_EVENT | {"required": ["subject", "start", "end"]}
RECIPIENT: Schema = {
    "type": "object",
    "required": ["emailAddress"],
    "properties": {"emailAddress": ATTENDEE["properties"]["emailAddress"]},
}
RECIPIENTS: Schema = {"type": "array", "items": RECIPIENT}
#: sendMail's JSON form: {"message": message, "saveToSentItems": bool} (CSDL action sendMail;
#: JSON parameter names are camelCase). The message needs at least one recipient.
GRAPH_MESSAGE: Schema = {
    "type": "object",
    "properties": {
        "subject": STRING,
        "body": ITEM_BODY,
        "toRecipients": RECIPIENTS,
        "ccRecipients": RECIPIENTS,
        "bccRecipients": RECIPIENTS,
        "replyTo": RECIPIENTS,
        "from": RECIPIENT,
        "sender": RECIPIENT,
        "importance": {"type": "string", "enum": ["low", "normal", "high"]},
        "categories": {"type": "array", "items": STRING},
        "internetMessageId": STRING,
        "internetMessageHeaders": {
            "type": "array",
            "items": {"type": "object", "properties": {"name": STRING, "value": STRING}},
        },
        "isDeliveryReceiptRequested": BOOLEAN,
        "isReadReceiptRequested": BOOLEAN,
        "attachments": {"type": "array", "items": {"type": "object", "additional": True}},
    },
}
GRAPH_SEND_MAIL: Schema = {
    "type": "object",
    "required": ["message"],
    "properties": {"message": GRAPH_MESSAGE, "saveToSentItems": BOOLEAN},
}
GRAPH_CANCEL: Schema = {"type": "object", "properties": {"Comment": STRING}}
DATE_TIME_OFFSET = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})"
ONLINE_MEETING: Schema = {
    "type": "object",
    "properties": {
        "startDateTime": {"type": "string", "pattern": DATE_TIME_OFFSET},
        "endDateTime": {"type": "string", "pattern": DATE_TIME_OFFSET},
        "subject": STRING,
        "externalId": STRING,
    },
}
ONLINE_MEETING_CREATE_OR_GET: Schema = ONLINE_MEETING | {"required": ["externalId"]}

# ---------------------------------------------------------------- Zoom Meeting API 2.0
ZOOM_COUNTRY_IDS = {"US", "ES", "FR", "PT", "DE", "IT", "CN", "JP", "KR", "RU", "BR", "MX"}
ZOOM_INTERPRETER: Schema = {
    "type": "object",
    "properties": {
        "email": {"type": "string", "pattern": EMAIL},
        "languages": {
            "type": "string",
            "check": lambda v: (
                len(v.split(",")) == 2 and all(p in ZOOM_COUNTRY_IDS for p in v.split(","))
            ),
        },
    },
}
#: MeetingCreate/MeetingUpdate settings property names (Zoom Meeting API 2.0).
ZOOM_SETTINGS_NAMES = (
    "additional_data_center_regions allow_multiple_devices alternative_host_update_polls "
    "alternative_hosts alternative_hosts_email_notification approval_type "
    "approved_or_denied_countries_or_regions audio authentication_domains "
    "authentication_exception authentication_option auto_recording breakout_room "
    "calendar_type close_registration cn_meeting contact_email contact_name email_notification "
    "encryption_type focus_mode global_dial_in_countries host_save_video_order host_video "
    "in_meeting jbh_time join_before_host language_interpretation meeting_authentication "
    "meeting_invitees mute_upon_entry participant_video private_meeting "
    "registrants_confirmation_email registrants_email_notification registration_type "
    "show_share_button use_pmi waiting_room watermark"
)
#: POST /users/{userId}/meetings and PATCH /meetings/{meetingId} body property names.
ZOOM_MEETING_NAMES = (
    "agenda default_password duration password pre_schedule recurrence schedule_for settings "
    "start_time template_id timezone topic tracking_fields type"
)
ZOOM_SETTINGS: Schema = {
    "type": "object",
    "properties": {
        "waiting_room": BOOLEAN,
        "alternative_hosts": {
            "type": "string",
            "check": lambda v: all(re.fullmatch(EMAIL, p) for p in v.split(";")),
        },
        "join_before_host": BOOLEAN,
        "mute_upon_entry": BOOLEAN,
        "auto_recording": {"type": "string", "enum": ["local", "cloud", "none"]},
        "language_interpretation": {
            "type": "object",
            "properties": {
                "enable": BOOLEAN,
                "interpreters": {"type": "array", "items": ZOOM_INTERPRETER},
            },
        },
    },
}
ZOOM_SETTINGS["properties"] = with_names(ZOOM_SETTINGS["properties"], ZOOM_SETTINGS_NAMES)
ZOOM_START_TIME = r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z?"
ZOOM_MEETING: Schema = {
    "type": "object",
    "properties": {
        "topic": {"type": "string", "maxLength": 200},
        "type": {"type": "integer", "enum": [1, 2, 3, 8]},
        "start_time": {"type": "string", "pattern": ZOOM_START_TIME},
        "duration": {"type": "integer"},
        "timezone": {"type": "string", "check": is_zone},
        "agenda": {"type": "string", "maxLength": 2000},
        "password": {"type": "string", "maxLength": 10},
        "settings": ZOOM_SETTINGS,
    },
}
ZOOM_MEETING["properties"] = with_names(ZOOM_MEETING["properties"], ZOOM_MEETING_NAMES)

# ---------------------------------------------------------------- Webex Meetings
WEBEX_INTERPRETER: Schema = {
    "type": "object",
    "required": ["languageCode1", "languageCode2"],
    "properties": {
        "languageCode1": {"type": "string", "pattern": "[a-z]{2}"},
        "languageCode2": {"type": "string", "pattern": "[a-z]{2}"},
        "email": {"type": "string", "pattern": EMAIL},
        "displayName": STRING,
    },
}
WEBEX_MEETING: Schema = {
    "type": "object",
    "required": ["title", "start", "end"],
    "properties": {
        "title": {"type": "string", "maxLength": 128},
        "agenda": {"type": "string", "maxLength": 1300},
        "start": {"type": "string", "check": is_iso8601},
        "end": {"type": "string", "check": is_iso8601},
        "timezone": {"type": "string", "check": is_zone},
        "password": STRING,
        "hostEmail": {"type": "string", "pattern": EMAIL},
        "unlockedMeetingJoinSecurity": {
            "type": "string",
            "enum": ["allowJoin", "allowJoinWithLobby", "blockFromJoin"],
        },
        "invitees": {
            "type": "array",
            "maxItems": 1000,
            "items": {
                "type": "object",
                "required": ["email"],
                "properties": {
                    "email": {"type": "string", "pattern": EMAIL},
                    "displayName": {"type": "string", "maxLength": 128},
                    "coHost": BOOLEAN,
                    "panelist": BOOLEAN,
                },
            },
        },
        "simultaneousInterpretation": {
            "type": "object",
            "required": ["enabled"],
            "properties": {
                "enabled": BOOLEAN,
                "interpreters": {"type": "array", "items": WEBEX_INTERPRETER},
            },
        },
        "integrationTags": {
            "type": "array",
            "maxItems": 3,
            "items": {"type": "string", "maxLength": 64},
        },
    },
}
#: CreateMeetingObject property names (Webex Meetings OpenAPI).
WEBEX_CREATE_NAMES = (
    "adhoc agenda allowAnyUserToBeCoHost allowAuthenticatedDevices allowFirstUserToBeCoHost "
    "attendeePrivileges audioConnectionOptions automaticLockMinutes breakoutSessions "
    "enableAutomaticLock enableConnectAudioBeforeHost enabledAudioWatermark "
    "enabledAutoRecordMeeting enabledBreakoutSessions enabledJoinBeforeHost enabledLiveStream "
    "enabledVisualWatermark enabledWebcastView end excludePassword hostEmail integrationTags "
    "invitees joinBeforeHostMinutes liveStream meetingOptions panelistPassword password "
    "publicMeeting recurrence registration reminderTime requireAttendeeLogin restrictToInvitees "
    "roomId scheduledType sendEmail sessionTypeId simultaneousInterpretation siteUrl start "
    "templateId timezone title trackingCodes unlockedMeetingJoinSecurity visualWatermarkOpacity"
)
#: UpdateMeetingObject property names: no invitees, simultaneousInterpretation, registration,
#: roomId, siteUrl, templateId, scheduledType, adhoc or breakoutSessions.
WEBEX_UPDATE_NAMES = (
    "agenda allowAnyUserToBeCoHost allowAuthenticatedDevices allowFirstUserToBeCoHost "
    "attendeePrivileges audioConnectionOptions automaticLockMinutes enableAutomaticLock "
    "enableConnectAudioBeforeHost enabledAudioWatermark enabledAutoRecordMeeting "
    "enabledBreakoutSessions enabledJoinBeforeHost enabledLiveStream enabledVisualWatermark "
    "enabledWebcastView end excludePassword hostEmail integrationTags joinBeforeHostMinutes "
    "liveStream meetingOptions panelistPassword password publicMeeting recurrence reminderTime "
    "requireAttendeeLogin restrictToInvitees sendEmail sessionTypeId start timezone title "
    "trackingCodes unlockedMeetingJoinSecurity visualWatermarkOpacity"
)
WEBEX_UPDATE: Schema = WEBEX_MEETING | {
    "properties": with_names(
        {k: v for k, v in WEBEX_MEETING["properties"].items() if k in WEBEX_UPDATE_NAMES.split()},
        WEBEX_UPDATE_NAMES,
    )
}
WEBEX_MEETING["properties"] = with_names(WEBEX_MEETING["properties"], WEBEX_CREATE_NAMES)
#: POST /meetingInvitees (CreateInviteeObject) and PUT /meetingInvitees/{id} (UpdateInviteeObject)
WEBEX_INVITEE_CREATE: Schema = {
    "type": "object",
    "required": ["meetingId", "email"],
    "properties": {
        "meetingId": STRING,
        "email": {"type": "string", "pattern": EMAIL},
        "displayName": {"type": "string", "maxLength": 128},
        "coHost": BOOLEAN,
        "hostEmail": {"type": "string", "pattern": EMAIL},
        "panelist": BOOLEAN,
        "sendEmail": BOOLEAN,
    },
}
WEBEX_INVITEE_UPDATE: Schema = {
    "type": "object",
    "required": ["email"],
    "properties": {k: v for k, v in WEBEX_INVITEE_CREATE["properties"].items() if k != "meetingId"},
}
#: PUT /meetings/{meetingId}/simultaneousInterpretation (the contract's example adds hostEmail)
WEBEX_INTERPRETATION: Schema = {
    "type": "object",
    "required": ["enabled"],
    "properties": WEBEX_MEETING["properties"]["simultaneousInterpretation"]["properties"]
    | {"hostEmail": {"type": "string", "pattern": EMAIL}},
}
