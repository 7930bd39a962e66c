//! Calendar dates as people write them ("1979", "1979-12", "1979-12-24") and
//! the continuous time the rest of the program computes with.
//!
//! A [`Time`] is a count of days since 1970-01-01 (proleptic Gregorian), as an
//! `f64` so that the slider, interpolation and animation can sit between days.
//! A [`Date`] written with less precision stands for its first day: "1979"
//! is 1979-01-01 and "1979-12" is 1979-12-01.

use std::fmt;

/// A point in continuous time: days since 1970-01-01, fractional allowed.
#[derive(Clone, Copy, Debug, PartialEq, PartialOrd, Default)]
pub struct Time(pub f64);

/// The days in a mean Gregorian year, for converting spans to years.
pub const DAYS_PER_YEAR: f64 = 365.2425;

/// A calendar date with the precision it was written with.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: i32,
    pub month: Option<u8>,
    pub day: Option<u8>,
}

/// Why a piece of text is not a date, in words for the person who wrote it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error(
        "\"{text}\" is not a date (write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\", e.g. \"1979-12-24\")"
    )]
    Shape { text: String },
    #[error("\"{text}\" is not a valid date: the year must be between 1 and 9999")]
    Year { text: String },
    #[error("\"{text}\" is not a valid date: there is no month {month}")]
    Month { text: String, month: u32 },
    #[error("\"{text}\" is not a valid date: {month_name} {year} has {days} days")]
    Day {
        text: String,
        month_name: &'static str,
        year: i32,
        days: u8,
    },
}

const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The English name of a month, 1-based; "?" outside 1..=12.
pub fn month_name(month: u8) -> &'static str {
    MONTH_NAMES
        .get(usize::from(month).wrapping_sub(1))
        .copied()
        .unwrap_or("?")
}

/// A date as `--at` writes it: the month for the first of a month
/// ("1985-06"), else the day ("1979-12-24").
pub fn command_line(t: Time) -> String {
    if t.is_month_start() {
        t.month().to_string()
    } else {
        t.date().to_string()
    }
}

/// A date as people say it, as exactly as it is: "June 1985" for the
/// first of a month (as `--at 1985-06` means), "24 December 1979" for any
/// other day. The window, the figures and the command line name dates
/// this way, so that what a user reads is the date the numbers are for.
pub fn spoken(t: Time) -> String {
    let (y, m, d) = t.ymd();
    if t.is_month_start() {
        format!("{} {y}", month_name(m))
    } else {
        format!("{d} {} {y}", month_name(m))
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Days in a month of a year; `month` is 1..=12.
pub fn days_in_month(year: i32, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (four-digit year, two-digit
    /// month and day).
    pub fn parse(text: &str) -> Result<Date, DateError> {
        let shape = || DateError::Shape {
            text: text.to_owned(),
        };
        let parts: Vec<&str> = text.split('-').collect();
        let widths_ok = match parts.as_slice() {
            [y] => y.len() == 4,
            [y, m] => y.len() == 4 && m.len() == 2,
            [y, m, d] => y.len() == 4 && m.len() == 2 && d.len() == 2,
            _ => false,
        };
        if !widths_ok || !parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return Err(shape());
        }
        let num = |p: &str| p.parse::<u32>().map_err(|_| shape());
        let year = num(parts[0])?;
        if year == 0 {
            return Err(DateError::Year {
                text: text.to_owned(),
            });
        }
        let year = year as i32;
        let month = match parts.get(1) {
            None => None,
            Some(m) => {
                let m = num(m)?;
                if !(1..=12).contains(&m) {
                    return Err(DateError::Month {
                        text: text.to_owned(),
                        month: m,
                    });
                }
                Some(m as u8)
            }
        };
        let day = match (parts.get(2), month) {
            (Some(d), Some(m)) => {
                let d = num(d)?;
                let days = days_in_month(year, m);
                if d == 0 || d > u32::from(days) {
                    return Err(DateError::Day {
                        text: text.to_owned(),
                        month_name: month_name(m),
                        year,
                        days,
                    });
                }
                Some(d as u8)
            }
            _ => None,
        };
        Ok(Date { year, month, day })
    }

    /// The first instant of the date, as continuous time.
    pub fn start(self) -> Time {
        Time(f64::from(days_from_civil(
            self.year,
            self.month.unwrap_or(1),
            self.day.unwrap_or(1),
        )))
    }

    /// The next date of the same precision: the next year, month or day
    /// (the date on which this one's period ends).
    #[must_use]
    pub fn following(self) -> Date {
        match (self.month, self.day) {
            (None, _) => Date {
                year: self.year + 1,
                ..self
            },
            (Some(_), None) => Date {
                day: None,
                ..self.end().date()
            },
            (Some(_), Some(_)) => self.end().date(),
        }
    }

    /// The first instant after the period the date names: the next year
    /// of a year, the next month of a month, the next day of a day.
    pub fn end(self) -> Time {
        match (self.month, self.day) {
            (None, _) => Time::from_ymd(self.year + 1, 1, 1),
            (Some(_), None) => self.start().add_months(1),
            (Some(_), Some(_)) => Time(self.start().0 + 1.0),
        }
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
            if let Some(d) = self.day {
                write!(f, "-{d:02}")?;
            }
        }
        Ok(())
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i32, month: u8, day: u8) -> i32 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i32::from(month);
    let mp = if m > 2 { m - 3 } else { m + 9 };
    let doy = (153 * mp + 2) / 5 + i32::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The calendar date of a day count (inverse of `days_from_civil`).
fn civil_from_days(days: i32) -> (i32, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i32::from(month <= 2);
    (year, month, day)
}

impl Time {
    /// The time at the start of a calendar day.
    pub fn from_ymd(year: i32, month: u8, day: u8) -> Time {
        Time(f64::from(days_from_civil(year, month, day)))
    }

    /// The calendar day this time falls on (clamped to years 1..=9999).
    pub fn ymd(self) -> (i32, u8, u8) {
        let lo = f64::from(days_from_civil(1, 1, 1));
        let hi = f64::from(days_from_civil(9999, 12, 31));
        let days = if self.0.is_finite() {
            self.0.clamp(lo, hi)
        } else {
            lo
        };
        civil_from_days(days.floor() as i32)
    }

    /// The day (full precision) on which this time falls.
    pub fn date(self) -> Date {
        let (year, month, day) = self.ymd();
        Date {
            year,
            month: Some(month),
            day: Some(day),
        }
    }

    /// The month on which this time falls, e.g. "1985-06".
    pub fn month(self) -> Date {
        let (year, month, _) = self.ymd();
        Date {
            year,
            month: Some(month),
            day: None,
        }
    }

    /// The year as a fractional number, e.g. 1985.5 in early July 1985.
    pub fn year_frac(self) -> f64 {
        let (year, _, _) = self.ymd();
        let start = days_from_civil(year, 1, 1);
        let end = days_from_civil(year + 1, 1, 1);
        f64::from(year) + (self.0 - f64::from(start)) / f64::from(end - start)
    }

    /// The time at a fractional year (inverse of [`Time::year_frac`]).
    pub fn from_year_frac(year_frac: f64) -> Time {
        let year = year_frac.floor().clamp(1.0, 9999.0) as i32;
        let start = f64::from(days_from_civil(year, 1, 1));
        let end = f64::from(days_from_civil(year + 1, 1, 1));
        let days = start + (year_frac - f64::from(year)) * (end - start);
        // A day's start that went through a fraction of a year comes back
        // as that day, not a hair before it (the day before, by the
        // calendar).
        if (days - days.round()).abs() < 1e-6 {
            Time(days.round())
        } else {
            Time(days)
        }
    }

    /// Whether this is the first instant of a month.
    pub fn is_month_start(self) -> bool {
        let (y, m, _) = self.ymd();
        self == Time::from_ymd(y, m, 1)
    }

    /// The first day of the month nearest to this time (the timeline
    /// moves by whole months, so that the date on screen is the date
    /// `--at YYYY-MM` means).
    #[must_use]
    pub fn nearest_month_start(self) -> Time {
        let (y, m, _) = self.ymd();
        let this = Time::from_ymd(y, m, 1);
        let next = this.add_months(1);
        if self.0 - this.0 <= next.0 - self.0 {
            this
        } else {
            next
        }
    }

    /// This time moved by whole calendar months (negative goes back), keeping
    /// the day of the month where it exists and the fraction of the day.
    #[must_use]
    pub fn add_months(self, months: i32) -> Time {
        let (year, month, day) = self.ymd();
        let frac = self.0 - self.0.floor();
        let index = year * 12 + i32::from(month) - 1 + months;
        let (y, m) = (index.div_euclid(12), (index.rem_euclid(12) + 1) as u8);
        let d = day.min(days_in_month(y, m));
        Time(Time::from_ymd(y.clamp(1, 9999), m, d).0 + frac)
    }
}

/// A regular step of time: between two frames of an animation, two dates
/// of a series.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Days(u32),
    Months(u32),
}

impl Step {
    /// Parses "10d", "1m", "1q" (a quarter) or "1y".
    pub fn parse(text: &str) -> Result<Step, String> {
        let text = text.trim();
        let bad = || format!("\"{text}\" is not a step (write e.g. 1y, 6m, 1q or 30d)");
        let unit = text.chars().last().ok_or_else(bad)?;
        let num = &text[..text.len() - unit.len_utf8()];
        // At most a thousand years in one step.
        let n: u32 = num
            .parse()
            .ok()
            .filter(|n| (1..=12_000).contains(n))
            .ok_or_else(bad)?;
        match unit {
            'd' => Ok(Step::Days(n)),
            'm' => Ok(Step::Months(n)),
            'q' if n <= 4_000 => Ok(Step::Months(3 * n)),
            'y' if n <= 1_000 => Ok(Step::Months(12 * n)),
            _ => Err(bad()),
        }
    }

    /// The date `i` steps after `from`, counted from `from` (so a series of
    /// months that starts on the 31st keeps the 31st where it exists).
    /// Written as precisely as it needs: yearly steps from a year stay
    /// years, monthly steps from a year or a month are months.
    pub fn nth_date(self, from: Date, i: u32) -> Date {
        match self {
            Step::Days(d) => Time(from.start().0 + f64::from(d) * f64::from(i)).date(),
            Step::Months(m) => {
                let months = i64::from(m) * i64::from(i);
                let index =
                    i64::from(from.year) * 12 + i64::from(from.month.unwrap_or(1)) - 1 + months;
                let year = index.div_euclid(12).min(9999) as i32;
                let month = (index.rem_euclid(12) + 1) as u8;
                let month_written = from.month.is_some() || m % 12 != 0;
                Date {
                    year,
                    month: month_written.then_some(month),
                    day: from.day.map(|d| d.min(days_in_month(year, month))),
                }
            }
        }
    }

    /// The time one step after `t`.
    pub fn after(self, t: Time) -> Time {
        match self {
            Step::Days(d) => Time(t.0 + f64::from(d)),
            Step::Months(m) => t.add_months(m as i32),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_spoken_as_exactly_as_they_are() {
        assert_eq!(spoken(Time::from_ymd(1985, 6, 1)), "June 1985");
        assert_eq!(spoken(Time::from_ymd(1979, 12, 24)), "24 December 1979");
        assert_eq!(
            spoken(Time(Time::from_ymd(1985, 6, 1).0 + 0.5)),
            "1 June 1985"
        );
        let may31 = Time::from_ymd(2018, 5, 31);
        assert_eq!(may31.nearest_month_start(), Time::from_ymd(2018, 6, 1));
        assert_eq!(
            Time::from_ymd(2018, 5, 14).nearest_month_start(),
            Time::from_ymd(2018, 5, 1)
        );
        assert_eq!(
            Date::parse("2018-05").unwrap().end(),
            Time::from_ymd(2018, 6, 1)
        );
        assert_eq!(
            Date::parse("2018").unwrap().end(),
            Time::from_ymd(2019, 1, 1)
        );
        for (date, next) in [
            ("2018", "2019"),
            ("2018-12", "2019-01"),
            ("2018-02-28", "2018-03-01"),
        ] {
            assert_eq!(Date::parse(date).unwrap().following().to_string(), next);
        }
    }

    #[test]
    fn steps_parse() {
        assert_eq!(Step::parse("1y"), Ok(Step::Months(12)));
        assert_eq!(Step::parse("2q"), Ok(Step::Months(6)));
        assert_eq!(Step::parse("6m"), Ok(Step::Months(6)));
        assert_eq!(Step::parse("30d"), Ok(Step::Days(30)));
        assert!(Step::parse("0y").is_err());
        assert!(Step::parse("y").is_err());
        assert!(Step::parse("1w").is_err());
        assert!(Step::parse("").is_err());
        // Not a panic on a character of several bytes, nor an overflow.
        assert!(Step::parse("1€").is_err());
        assert!(Step::parse("€").is_err());
        assert!(Step::parse("4294967295y").is_err());
        assert!(Step::parse("2000y").is_err());
    }

    #[test]
    fn series_dates_keep_their_precision() {
        let year = Date::parse("1946").unwrap();
        assert_eq!(
            Step::Months(12).nth_date(year, 3),
            Date::parse("1949").unwrap()
        );
        assert_eq!(
            Step::Months(1).nth_date(year, 13),
            Date::parse("1947-02").unwrap()
        );
        let day = Date::parse("2000-01-31").unwrap();
        assert_eq!(
            Step::Months(1).nth_date(day, 1),
            Date::parse("2000-02-29").unwrap()
        );
        assert_eq!(
            Step::Months(1).nth_date(day, 2),
            Date::parse("2000-03-31").unwrap()
        );
        assert_eq!(
            Step::Days(10).nth_date(day, 1),
            Date::parse("2000-02-10").unwrap()
        );
    }

    #[test]
    fn parses_the_three_precisions() {
        assert_eq!(
            Date::parse("1979").unwrap(),
            Date {
                year: 1979,
                month: None,
                day: None
            }
        );
        assert_eq!(Date::parse("1979-12").unwrap().month, Some(12));
        assert_eq!(Date::parse("1979-12-24").unwrap().day, Some(24));
        assert_eq!(Date::parse("2000-02-29").unwrap().day, Some(29));
    }

    #[test]
    fn rejects_bad_dates_with_reasons() {
        for (text, needle) in [
            ("soon", "is not a date"),
            ("79", "is not a date"),
            ("1979-1", "is not a date"),
            ("1979-12-24T00:00", "is not a date"),
            ("+979", "is not a date"),
            ("", "is not a date"),
            ("0000", "between 1 and 9999"),
            ("2019-13-01", "there is no month 13"),
            ("2019-00", "there is no month 0"),
            ("2019-02-29", "February 2019 has 28 days"),
            ("2019-04-31", "April 2019 has 30 days"),
            ("1900-02-29", "February 1900 has 28 days"),
        ] {
            let err = Date::parse(text).unwrap_err().to_string();
            assert!(err.contains(needle), "{text}: {err}");
        }
    }

    #[test]
    fn day_counts_round_trip() {
        assert_eq!(Time::from_ymd(1970, 1, 1).0, 0.0);
        assert_eq!(Time::from_ymd(2000, 3, 1).0, 11_017.0);
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn lower_precision_means_the_first_day() {
        assert_eq!(
            Date::parse("1979").unwrap().start(),
            Time::from_ymd(1979, 1, 1)
        );
        assert_eq!(
            Date::parse("1979-12").unwrap().start(),
            Time::from_ymd(1979, 12, 1)
        );
    }

    #[test]
    fn year_fractions_and_months() {
        let t = Time::from_ymd(1985, 7, 2);
        assert!((t.year_frac() - 1985.5).abs() < 0.01);
        assert_eq!(Time::from_year_frac(t.year_frac()).0.round(), t.0);
        assert_eq!(t.month().to_string(), "1985-07");
        assert_eq!(
            Time::from_ymd(1985, 1, 31).add_months(1).date().to_string(),
            "1985-02-28"
        );
        assert_eq!(
            Time::from_ymd(1985, 1, 15)
                .add_months(-13)
                .date()
                .to_string(),
            "1983-12-15"
        );
    }
}
