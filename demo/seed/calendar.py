"""Working days in Denmark, so demo courses are never held on a Sunday or on
Christmas Eve."""

from datetime import date, timedelta


def easter(year: int) -> date:
    """Easter Sunday (the anonymous Gregorian algorithm)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 19 * weekday) // 433
    month = (h + weekday - 7 * m + 90) // 25
    return date(year, month, (h + weekday - 7 * m + 33 * month + 19) % 32)


def holidays(year: int) -> set[date]:
    """Public holidays and the days workplaces close (Christmas Eve, New
    Year's Eve, Constitution Day)."""
    sunday = easter(year)
    moving = (-3, -2, 0, 1, 39, 49, 50)  # Maundy Thursday … Whit Monday
    fixed = ((1, 1), (6, 5), (12, 24), (12, 25), (12, 26), (12, 31))
    return {sunday + timedelta(days=n) for n in moving} | {
        date(year, month, day) for month, day in fixed
    }


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in holidays(day.year)


def working_day(day: date, *, forward: bool = True) -> date:
    """``day`` itself if people work then, else the nearest working day after
    it (or before it, for a session that should stay in the past)."""
    step = timedelta(days=1 if forward else -1)
    while not is_working_day(day):
        day += step
    return day
