// A customer's yearly dates: birthdays (Gregorian or lunar) and anniversaries of a
// day such as sign-up or first purchase. Care journeys ask "which day this year?"
// and "the next one on or after today?" to schedule their date triggers.
//
// Rules (module README):
//   - A Feb 29 birthday or anniversary is celebrated on Feb 28 in common years:
//     the greeting comes before, not after, the day the customer is missing.
//   - A lunar birthday is a lunar month/day without a leap flag, celebrated in the
//     regular month (never its leap twin); day 30 is celebrated on day 29 in a year
//     whose month has 29 days. Its "year" is the Gregorian year of the celebration,
//     which can hold none or two of them (see lunar_dates_in_year).
#pragma once

#include <date/date.h>

#include <optional>
#include <vector>

namespace guanxi::calendar {

// The birthday of someone born on month/day, celebrated in Gregorian `year` (1..9999).
// nullopt when month/day is no date of a leap year (04-31, 13-01) or year is outside.
std::optional<date::sys_days> birthday_in_year(unsigned month, unsigned day, int year);

// The first birthday on or after `on_or_after`; nullopt as for birthday_in_year.
std::optional<date::sys_days> next_birthday(unsigned month, unsigned day,
                                            date::sys_days on_or_after);

// The celebrations of a lunar birthday (lunar_month 1..12, lunar_day 1..30) whose
// Gregorian date falls in `gregorian_year`, ascending: usually one; two or none for
// a date from 11/11 to 12/10 (lunar 11/25 fell on 2024-01-06 and 2024-12-25, and
// not in 2025). Empty for an invalid month/day or outside 1901-01-01 … 2100-12-31.
std::vector<date::sys_days> lunar_birthdays_in_year(unsigned lunar_month, unsigned lunar_day,
                                                    int gregorian_year);

// The first celebration of a lunar birthday on or after `on_or_after`; nullopt for
// an invalid month/day or when it would fall outside 1901-01-01 … 2100-12-31.
std::optional<date::sys_days> next_lunar_birthday(unsigned lunar_month, unsigned lunar_day,
                                                  date::sys_days on_or_after);

// The anniversary of `original` in Gregorian `year`: the same month/day, Feb 29 on
// Feb 28 in common years. nullopt when year ≤ original's year (the day itself is not
// an anniversary) or year > 9999.
std::optional<date::sys_days> anniversary_in_year(date::sys_days original, int year);

// The first anniversary of `original` on or after `on_or_after`, never `original`
// itself; nullopt past year 9999.
std::optional<date::sys_days> next_anniversary(date::sys_days original, date::sys_days on_or_after);

}  // namespace guanxi::calendar
