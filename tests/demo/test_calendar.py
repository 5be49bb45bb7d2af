"""Danish working days for the demo's sessions."""

from datetime import date

from demo.seed.calendar import easter, is_working_day, working_day


def test_easter_falls_where_the_almanac_says():
    assert [easter(year) for year in (2025, 2026, 2027)] == [
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
    ]


def test_christmas_eve_sundays_and_whit_monday_are_no_working_days():
    assert not is_working_day(date(2026, 12, 24))
    assert not is_working_day(date(2026, 11, 29))  # a Sunday
    assert not is_working_day(date(2026, 5, 25))  # Whit Monday
    assert is_working_day(date(2026, 12, 22))


def test_a_session_moves_to_the_nearest_working_day_on_its_side_of_today():
    assert working_day(date(2026, 12, 24)) == date(2026, 12, 28)
    assert working_day(date(2026, 12, 24), forward=False) == date(2026, 12, 23)
