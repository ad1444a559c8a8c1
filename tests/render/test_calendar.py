"""The meetings calendar parses back with icalendar and holds every meeting, at the right moment, under a lasting UID."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from fls_docs.calc.meetings import GroupMeetings, MeetingsResult, schedule
from fls_docs.model.project import Attendee, MeetingChange, MeetingGroup, Person, Repeat
from fls_docs.render.calendar import make_calendar, uk_time_zone

CHAIR = Person("pm", "Pat Manager", "Project manager", email="pat.manager@example.nhs.uk")
NURSE = Person("nurse", "Nia Nurse", "Specialist nurse", email="nia.nurse@example.nhs.uk")
PROJECT = SimpleNamespace(info=SimpleNamespace(name="Test Valley FLS", short_name="Test FLS"),
                          organisation=SimpleNamespace(name="Test Valley NHS Trust"))


def _team() -> MeetingGroup:
    """Every two weeks on a Tuesday in March and April 2027; 13 April cancelled, 27 April moved to 2pm on the 28th."""
    return MeetingGroup(
        "team", "Project team", "Runs the project.", Attendee(CHAIR.name, CHAIR.role, CHAIR.email, CHAIR),
        (Attendee(NURSE.name, NURSE.role, NURSE.email, NURSE), Attendee("Local GPs", "Dr Bell")),
        time(12, 30), 60, "Room 2", "https://meet.example/team",
        Repeat(2, "weeks", date(2027, 3, 1), date(2027, 4, 30), weekday=1),
        changes=(MeetingChange(date(2027, 4, 13), cancelled=True, reason="Audit day"),
                 MeetingChange(date(2027, 4, 27), moved_to=date(2027, 4, 28), start_time=time(14, 0))))


def _calendar(generated: date = date(2027, 2, 1)) -> bytes:
    team = _team()
    result = MeetingsResult(generated, (GroupMeetings(team, generated, schedule(team), None, None, None),), (), ())
    return make_calendar(PROJECT, result, generated).to_ical()  # type: ignore[arg-type]


def _events(ics: bytes) -> list:
    return Calendar.from_ical(ics).walk("VEVENT")


def _utc(value: datetime) -> datetime:
    return value.astimezone(timezone.utc).replace(tzinfo=None)


def test_every_meeting_is_an_event_at_its_moment_in_utc() -> None:
    events = _events(_calendar())
    # Tuesdays 2, 16 and 30 March, 13 and 27 April; the clocks go forward on 28 March, so from then
    # 12:30 UK time is 11:30 UTC, and the moved meeting at 2pm is at 13:00 UTC.
    assert [_utc(e.decoded("dtstart")) for e in events] == [
        datetime(2027, 3, 2, 12, 30), datetime(2027, 3, 16, 12, 30), datetime(2027, 3, 30, 11, 30),
        datetime(2027, 4, 13, 11, 30), datetime(2027, 4, 28, 13, 0)]
    assert [_utc(e.decoded("dtend")) for e in events][2] == datetime(2027, 3, 30, 12, 30)
    assert [str(e["status"]) for e in events] == ["CONFIRMED", "CONFIRMED", "CONFIRMED", "CANCELLED", "CONFIRMED"]
    assert [int(e["sequence"]) for e in events] == [0, 0, 0, 1, 1]
    assert str(events[3]["summary"]) == "Cancelled: Project team, Test FLS"
    assert "cancelled: Audit day" in str(events[3]["description"])


def test_uids_name_the_scheduled_date_and_outlast_a_move_and_a_new_build_date() -> None:
    uids = [str(e["uid"]) for e in _events(_calendar())]
    assert uids == [f"team-{d}@test-fls.fls-docs" for d in ("20270302", "20270316", "20270330", "20270413", "20270427")]
    assert [str(e["uid"]) for e in _events(_calendar(date(2027, 3, 9)))] == uids


def test_the_same_inputs_give_the_same_bytes_stamped_with_the_build_date() -> None:
    assert _calendar() == _calendar()
    stamps = {e.decoded("dtstamp") for e in _events(_calendar())}
    assert stamps == {datetime(2027, 2, 1, tzinfo=timezone.utc)}


def test_times_refer_to_the_uk_zone_the_file_defines() -> None:
    text = _calendar().decode()
    assert "DTSTART;TZID=Europe/London:20270330T123000" in text
    zones = Calendar.from_ical(_calendar()).walk("VTIMEZONE")
    assert [str(z["tzid"]) for z in zones] == ["Europe/London"]


def test_the_uk_zones_yearly_rules_agree_with_the_tz_database_from_2026_to_2040() -> None:
    defined, london = uk_time_zone().to_tz(), ZoneInfo("Europe/London")
    day, end = datetime(2026, 1, 1, 12), datetime(2040, 12, 31, 12)
    while day <= end:
        assert day.replace(tzinfo=defined).utcoffset() == day.replace(tzinfo=london).utcoffset(), day
        day += timedelta(days=1)


def test_the_chair_organises_and_people_with_emails_attend() -> None:
    event = _events(_calendar())[0]
    assert str(event["organizer"]) == "mailto:pat.manager@example.nhs.uk"
    assert event["organizer"].params["CN"] == "Pat Manager"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:pat.manager@example.nhs.uk", "mailto:nia.nurse@example.nhs.uk"]
    assert [a.params["ROLE"] for a in attendees] == ["CHAIR", "REQ-PARTICIPANT"]
    assert "Local GPs" in str(event["description"])  # a group with no email is named in the notes instead
    assert str(event["location"]) == "Room 2"


@pytest.fixture(scope="module")
def example_calendar(built_example: Path) -> list:
    return _events((built_example / "build" / "docs" / "meetings.ics").read_bytes())


def test_the_examples_calendar_holds_every_meeting_of_both_groups(example_calendar: list) -> None:
    by_group: dict[str, list] = {}
    for event in example_calendar:
        by_group.setdefault(str(event["uid"]).split("-20")[0], []).append(event)
    # The project team: every 14 days from Tuesday 9 June 2026 to Tuesday 23 May 2028 (714 days), 52 meetings.
    team = by_group["project-team"]
    assert len(team) == 52
    assert team[0].decoded("dtstart").date() == date(2026, 6, 9)
    assert team[-1].decoded("dtstart").date() == date(2028, 5, 23)
    # The reference group: its first meeting, then every two months on the second Thursday from September 2026.
    assert [e.decoded("dtstart").date() for e in by_group["reference-group"]] == [
        date(2026, 6, 18), date(2026, 9, 10), date(2026, 11, 12), date(2027, 1, 14), date(2027, 3, 11), date(2027, 5, 13),
        date(2027, 7, 8), date(2027, 9, 9), date(2027, 11, 11), date(2028, 1, 13), date(2028, 3, 9), date(2028, 5, 11)]
    assert len(example_calendar) == 52 + 12
    christmas = next(e for e in team if e.decoded("dtstart").date() == date(2026, 12, 22))
    assert str(christmas["status"]) == "CANCELLED"
    moved = next(e for e in team if str(e["uid"]).startswith("project-team-20270413@"))
    assert _utc(moved.decoded("dtstart")) == datetime(2027, 4, 15, 13, 0)  # 2pm BST on Thursday 15 April
