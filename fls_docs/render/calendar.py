"""The meetings calendar, build/docs/meetings.ics, for Outlook, Google Calendar and Apple Calendar to import.

One event per meeting, in UK local time. Each event's UID is made from the
project, the group and the date the schedule gives the meeting, so it stays the
same from build to build: a meeting that moves or is cancelled keeps its UID,
and importing the new file updates the entry instead of adding a second one.
DTSTAMP is the build date, so the same content built on the same day gives the
same bytes.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard, vCalAddress

from fls_docs.calc.meetings import Meeting, MeetingsResult
from fls_docs.model.project import Attendee, Project
from fls_docs.render.formatting import clock, longday

PRODID = "-//fls-docs//Meetings calendar//EN"
TZID = "Europe/London"


def write_calendar(context: dict[str, Any], out: Path) -> None:
    out.write_bytes(make_calendar(context["project"], context["results"].meetings, context["build"].generated).to_ical())


def make_calendar(project: Project, meetings: MeetingsResult, generated: date) -> Calendar:
    """Every meeting of every group, cancelled ones marked so, with the UK's time zone defined once."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", f"{project.info.short_name} meetings")
    calendar.add("x-wr-timezone", TZID)
    calendar.add_component(uk_time_zone())
    stamp = datetime.combine(generated, time(), tzinfo=timezone.utc)
    for entry in meetings.groups:
        for meeting in entry.meetings:
            calendar.add_component(_event(project, meeting, stamp))
    return calendar


def uk_time_zone() -> Timezone:
    """Europe/London as two yearly rules: British Summer Time from 1am GMT on the last Sunday of March to
    1am GMT on the last Sunday of October.

    icalendar can write the zone from the tz database, but only as lists of dates (RDATE), and Outlook
    shifts events by an hour with those; yearly rules (RRULE) are the form Outlook itself writes.
    tests/render/test_calendar.py checks these rules against the tz database.
    """
    zone = Timezone()
    zone.add("tzid", TZID)
    zone.add("x-lic-location", TZID)
    for part, name, before, after, start, month in (
        (TimezoneDaylight(), "BST", 0, 1, datetime(1970, 3, 29, 1), 3),
        (TimezoneStandard(), "GMT", 1, 0, datetime(1970, 10, 25, 2), 10),
    ):
        part.add("tzname", name)
        part.add("tzoffsetfrom", timedelta(hours=before))
        part.add("tzoffsetto", timedelta(hours=after))
        part.add("dtstart", start)  # local time before the change
        part.add("rrule", {"freq": "yearly", "bymonth": month, "byday": "-1su"})
        zone.add_component(part)
    return zone


def uid(project: Project, meeting: Meeting) -> str:
    """The meeting's lasting name: its project, group and the date the schedule gives it."""
    slug = re.sub(r"[^a-z0-9]+", "-", project.info.short_name.lower()).strip("-") or "project"
    return f"{meeting.group.id}-{meeting.scheduled:%Y%m%d}@{slug}.fls-docs"


def _event(project: Project, meeting: Meeting, stamp: datetime) -> Event:
    group = meeting.group
    event = Event()
    event.add("uid", uid(project, meeting))
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.start)
    event.add("dtend", meeting.end)
    event.add("summary", ("Cancelled: " if meeting.cancelled else "") + f"{group.name}, {project.info.short_name}")
    event.add("location", meeting.place or meeting.online)
    if meeting.online:
        event.add("url", meeting.online)
    event.add("description", describe(project, meeting))
    event.add("status", "CANCELLED" if meeting.cancelled else "CONFIRMED")
    # A change raises the sequence, so a calendar that holds the first version takes the new one.
    event.add("sequence", 1 if meeting.changed else 0)
    if group.chair.email:
        event.add("organizer", _address(group.chair))
    for person in group.attendees:
        if person.email:
            event.add("attendee", _address(person, role="CHAIR" if person == group.chair else "REQ-PARTICIPANT",
                                           rsvp="FALSE"))
    return event


def _address(person: Attendee, **params: str) -> vCalAddress:
    """A person's calendar address, with their name and any of ATTENDEE's own parameters (ORGANIZER takes none)."""
    address = vCalAddress(f"mailto:{person.email}")
    address.params["cn"] = person.name
    address.params.update(params)
    return address


def describe(project: Project, meeting: Meeting) -> str:
    """The event's notes: what the group is for, who chairs and who is invited, how to join, and any change."""
    group = meeting.group
    lines = []
    if meeting.cancelled:
        lines.append(f"This meeting is cancelled{': ' + meeting.reason if meeting.reason else ''}.")
    elif meeting.changed:
        lines.append(f"Changed from the usual {longday(meeting.scheduled)} at {clock(group.start_time)}"
                     f"{': ' + meeting.reason if meeting.reason else ''}.")
    if group.purpose:
        lines.append(group.purpose)
    lines.append(f"Chair: {group.chair.name}.")
    if group.members:
        lines.append("Invited: " + "; ".join(m.name for m in group.members) + ".")
    if meeting.place and meeting.online:
        lines.append(f"Join in person at {meeting.place}, or online: {meeting.online}")
    elif meeting.online:
        lines.append(f"Join online: {meeting.online}")
    lines.append(f"{project.info.name}, {project.organisation.name}. The agenda is sent before each meeting.")
    return "\n\n".join(lines)
