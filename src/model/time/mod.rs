//! Times as people actually know them: an instant plus how precisely it is known.
//!
//! "Near the end of the day on Nov 2" and "about 11 minutes" are stored without invented
//! precision. Imprecise times are calendar periods reckoned in a time zone (the case's display
//! zone, or the zone the source gave), so `2017-11-02` at day precision covers that whole local
//! day.
//!
//! Pure data and arithmetic; never depends on the store, the UI or any I/O.

use chrono::{
    DateTime, Datelike as _, Duration, LocalResult, NaiveDate, NaiveDateTime, NaiveTime, TimeZone,
    Timelike as _, Utc,
};
use chrono_tz::Tz;
use serde::{Deserialize, Serialize};

mod duration;
mod parse;
#[cfg(test)]
mod tests;
mod zones;

pub use duration::ApproxDuration;
use zones::*;
pub use zones::{Zone, ZoneOffset, parse_zone};

/// How precisely a [`When`] is known, from the second to the year.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Precision {
    Second,
    Minute,
    Hour,
    /// A quarter of a day: night (0–6 h), morning (6–12 h), afternoon (12–18 h), evening (18–24 h).
    PartOfDay,
    Day,
    /// A week, Monday to Sunday ("that week").
    Week,
    Month,
    Year,
}

impl Precision {
    /// Every precision, finest first.
    pub const ALL: [Precision; 8] = [
        Precision::Second,
        Precision::Minute,
        Precision::Hour,
        Precision::PartOfDay,
        Precision::Day,
        Precision::Week,
        Precision::Month,
        Precision::Year,
    ];

    /// A short human label ("minute", "part of day").
    pub fn label(self) -> &'static str {
        match self {
            Precision::Second => "second",
            Precision::Minute => "minute",
            Precision::Hour => "hour",
            Precision::PartOfDay => "part of day",
            Precision::Day => "day",
            Precision::Week => "week",
            Precision::Month => "month",
            Precision::Year => "year",
        }
    }
}

/// The quarters of a day used by [`Precision::PartOfDay`].
pub(super) const PARTS_OF_DAY: [&str; 4] = ["night", "morning", "afternoon", "evening"];

/// An instant known to some precision, perhaps only approximately.
///
/// `at` is the start of the period the precision describes (for `Day`, local midnight in the
/// zone the period is reckoned in), stored in UTC.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct When {
    /// Start of the period, in UTC.
    pub at: DateTime<Utc>,
    /// How precisely the time is known.
    pub precision: Precision,
    /// The source only says "about", "around", "near the end of".
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    /// The zone the source gave the time in, when it is not the case's: the hour, part of day,
    /// day, month or year is reckoned and shown there ("Nov 2, 2017" in a London paper is
    /// London's Nov 2 in a New York case). `None` for minutes and seconds, which are instants
    /// shown in any zone, and for times in the case's zone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub zone: Option<Zone>,
    /// Known only as a bound: "by 7 p.m." (before), "after 3 p.m." (after).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bound: Option<TimeBound>,
}

/// A time known only as a limit: it happened by then, or after then.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum TimeBound {
    /// At or before the time ("by 7 p.m.", "on or before 15 July").
    Before,
    /// At or after the time ("after 3 p.m.", "no earlier than Monday").
    After,
}

impl TimeBound {
    pub const ALL: [TimeBound; 2] = [TimeBound::Before, TimeBound::After];

    /// The word written before the time: "by", "after".
    pub fn label(self) -> &'static str {
        match self {
            TimeBound::Before => "by",
            TimeBound::After => "after",
        }
    }
}

/// A quantity known only as a limit: "at least 12 hours", "at most 130 accounts".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Limit {
    AtLeast,
    AtMost,
}

impl Limit {
    pub const ALL: [Limit; 2] = [Limit::AtLeast, Limit::AtMost];

    /// "at least", "at most".
    pub fn label(self) -> &'static str {
        match self {
            Limit::AtLeast => "at least",
            Limit::AtMost => "at most",
        }
    }
}

pub(crate) fn is_false(value: &bool) -> bool {
    !*value
}

/// Why a time or duration could not be read.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum TimeParseError {
    #[error("empty time")]
    Empty,
    #[error(
        "cannot read {0:?} as a time; expected e.g. 2017-11-02, 2017-11-02 evening, 2017-11-02 18:45, Nov 2, 2017 6:45 pm or 2017-11"
    )]
    Unreadable(String),
    #[error(
        "{0:?} is ambiguous (is 11/02 the 2nd of November or the 11th of February?); write 2017-11-02 or Nov 2, 2017"
    )]
    AmbiguousDate(String),
    #[error("{0:?} names the wrong day of the week: {1}")]
    WrongWeekday(String, String),
    #[error("unknown time zone {0:?}; use an IANA name such as America/New_York, or UTC")]
    UnknownZone(String),
    #[error("{0} does not exist in {1} (skipped by a daylight-saving change)")]
    Nonexistent(String, String),
    #[error("{0:?} is outside the years 1000–9999 a case can hold")]
    OutOfRange(String),
    #[error("cannot read {0:?} as a duration; expected e.g. 11 min, about 2 h, 1 h 30 min, 3 days")]
    UnreadableDuration(String),
}

impl When {
    /// An exact instant, to the second.
    pub fn exact(at: DateTime<Utc>) -> Self {
        Self {
            at,
            precision: Precision::Second,
            approximate: false,
            zone: None,
            bound: None,
        }
        .truncated(Tz::UTC)
    }

    /// The period of `precision` containing the local wall time `local` in `tz` (the case's
    /// zone).
    ///
    /// An exact time (second or minute) that a daylight-saving change skipped is an error; a
    /// coarser period whose first moment was skipped starts when the clocks resume, and is an
    /// error only if the whole period was skipped.
    pub fn from_local(
        local: NaiveDateTime,
        precision: Precision,
        approximate: bool,
        tz: Tz,
    ) -> Result<Self, TimeParseError> {
        let at = start_of_period(local, precision, Zone::Named(tz))?;
        Ok(Self {
            at,
            precision,
            approximate,
            zone: None,
            bound: None,
        })
    }

    /// The zone this time's period is reckoned and shown in, in a case whose zone is `tz`.
    pub fn reckoned_in(&self, tz: Tz) -> Zone {
        match self.zone {
            Some(zone) if self.precision > Precision::Minute => zone,
            _ => Zone::Named(tz),
        }
    }

    /// The same time with `at` moved to the start of its period (in its own zone, else `tz`).
    /// Minutes and seconds keep no zone of their own.
    pub fn truncated(&self, tz: Tz) -> Self {
        let zone = self.reckoned_in(tz);
        let local = self.at.with_timezone(&zone).naive_local();
        let start = truncate_local(local, self.precision);
        // In the hour repeated when clocks go back, the period start is the copy at or before
        // the instant itself, not always the earlier one.
        let at = match zone.from_local_datetime(&start) {
            LocalResult::Ambiguous(earlier, later) => {
                let later = later.with_timezone(&Utc);
                if later <= self.at {
                    later
                } else {
                    earlier.with_timezone(&Utc)
                }
            }
            _ => resolve_local_lenient(zone, start),
        };
        Self {
            at,
            zone: if self.precision > Precision::Minute {
                self.zone
            } else {
                None
            },
            ..self.clone()
        }
    }

    /// The interval `[start, end)` this time covers; its period is reckoned in its own zone if
    /// it has one, else in `tz`.
    pub fn interval(&self, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let start = self.at;
        // Fixed-length periods need no time-zone work (the hot path for large cases).
        match self.precision {
            Precision::Second => return (start, start + Duration::seconds(1)),
            Precision::Minute => return (start, start + Duration::minutes(1)),
            Precision::Hour => return (start, start + Duration::hours(1)),
            _ => {}
        }
        let zone = self.reckoned_in(tz);
        let local = start.with_timezone(&zone).naive_local();
        let end = match self.precision {
            Precision::Second | Precision::Minute | Precision::Hour => start,
            // (At the very end of the calendar there is no later period: it ends where it
            // starts rather than overflow.)
            Precision::PartOfDay => resolve_local_lenient(zone, later(local, Duration::hours(6))),
            Precision::Day => resolve_local_lenient(zone, later(local, Duration::days(1))),
            Precision::Week => resolve_local_lenient(zone, later(local, Duration::days(7))),
            Precision::Month => {
                let (y, m) = if local.month() == 12 {
                    (local.year() + 1, 1)
                } else {
                    (local.year(), local.month() + 1)
                };
                resolve_local_lenient(zone, first_of(y, m).unwrap_or(local))
            }
            Precision::Year => {
                resolve_local_lenient(zone, first_of(local.year() + 1, 1).unwrap_or(local))
            }
        };
        (start, end.max(start + Duration::seconds(1)))
    }

    /// The latest instant the time could stand for (end of its interval).
    pub fn latest(&self, tz: Tz) -> DateTime<Utc> {
        self.interval(tz).1
    }

    /// The middle of what the time covers: how imprecise times sort among precise ones
    /// ("~Nov 2017" after "Nov 2, evening"), in lists, the report and CSV.
    pub fn midpoint(&self, tz: Tz) -> DateTime<Utc> {
        let (start, end) = self.interval(tz);
        start + (end - start) / 2
    }

    /// Where the time sorts among others on its own (see [`crate::model::chronology`]): the
    /// latest moment it allows ("sometime on 15 July" after everything timed on 15 July), but a
    /// bound sorts at its limit ("on or before 15 July" before the events of 15 July, "after 3
    /// p.m." after everything up to 3 p.m.).
    pub fn order_key(&self, tz: Tz) -> DateTime<Utc> {
        match self.bound {
            None => self.latest(tz),
            Some(TimeBound::Before) => self.at,
            Some(TimeBound::After) => self.latest(tz),
        }
    }

    /// Formats the time in a case whose zone is `tz`, showing exactly the known precision
    /// ("2017-11-02 ~evening", "~2017-11", "2017-11-02 18:45 EDT"). A time with its own zone is
    /// shown there, and a day, part of day, month or year names it: "2017-11-02
    /// (Europe/London)".
    pub fn display(&self, tz: Tz) -> String {
        self.display_in(tz, tz)
    }

    /// Like [`When::display`], for a view in zone `view` (the timeline's UTC or desktop-zone
    /// axis) of a case whose zone is `tz`. Minutes and seconds are instants, shown in `view`;
    /// an hour or coarser is a period of its own zone or the case's, shown there (New York's
    /// Nov 2 stays "2017-11-02", not the Los Angeles evening of Nov 1 it began on), and a day,
    /// part of day, month or year then names that zone.
    pub fn display_in(&self, tz: Tz, view: Tz) -> String {
        let zone = if self.precision <= Precision::Minute {
            Zone::Named(view)
        } else {
            self.reckoned_in(tz)
        };
        let local = self.at.with_timezone(&zone);
        let tilde = if self.approximate { "~" } else { "" };
        let bound = match self.bound {
            Some(b) => format!("{} ", b.label()),
            None => String::new(),
        };
        let abbrev = local.format("%Z").to_string();
        let own = match zone {
            _ if zone == Zone::Named(view) => String::new(),
            Zone::Named(named) => format!(" ({})", named.name()),
            Zone::Offset(offset) => format!(" (UTC{offset})"),
        };
        let text = match self.precision {
            Precision::Year => format!("{tilde}{}{own}", local.format("%Y")),
            Precision::Month => format!("{tilde}{}{own}", local.format("%Y-%m")),
            Precision::Week => format!("{tilde}week of {}{own}", local.format("%Y-%m-%d")),
            Precision::Day => format!("{tilde}{}{own}", local.format("%Y-%m-%d")),
            Precision::PartOfDay => {
                let part = PARTS_OF_DAY[(local.hour() / 6) as usize % 4];
                format!("{} {tilde}{part}{own}", local.format("%Y-%m-%d"))
            }
            Precision::Hour => {
                // On the wall clock of the start: the repeated hour of a fall-back night is
                // "01:00–02:00 EDT", not "01:00–01:00".
                let end = (local.fixed_offset() + Duration::hours(1)).format("%H:00");
                format!(
                    "{} {tilde}{}–{end} {abbrev}",
                    local.format("%Y-%m-%d"),
                    local.format("%H:00")
                )
            }
            Precision::Minute => format!(
                "{} {tilde}{} {abbrev}",
                local.format("%Y-%m-%d"),
                local.format("%H:%M")
            ),
            Precision::Second => format!(
                "{} {tilde}{} {abbrev}",
                local.format("%Y-%m-%d"),
                local.format("%H:%M:%S")
            ),
        };
        format!("{bound}{text}")
    }

    /// The time as a list of events says it: a time known only to a day, a week, a month or a
    /// year says so ("sometime on 2020-07-15", "sometime in July 2020", "around 2020"), since
    /// such an item is listed after everything timed within it; anything finer, or a bound, as
    /// [`When::display`] gives it.
    pub fn listed(&self, tz: Tz) -> String {
        self.listed_in(tz, tz)
    }

    /// [`When::listed`] for a view in zone `view` (see [`When::display_in`]).
    pub fn listed_in(&self, tz: Tz, view: Tz) -> String {
        let shown = self.display_in(tz, view);
        if self.bound.is_some() || self.precision <= Precision::Hour {
            return shown;
        }
        let plain = shown.trim_start_matches('~');
        let lead = if self.approximate {
            "around"
        } else {
            "sometime"
        };
        match self.precision {
            Precision::Year if self.approximate => format!("around {plain}"),
            Precision::Year => format!("sometime in {plain}"),
            Precision::Month => {
                let zone = self.reckoned_in(tz);
                let month = self.at.with_timezone(&zone).format("%B %Y");
                let own = plain.split_once(' ').map_or("", |(_, rest)| rest);
                let own = if own.is_empty() {
                    String::new()
                } else {
                    format!(" {own}")
                };
                if self.approximate {
                    format!("around {month}{own}")
                } else {
                    format!("sometime in {month}{own}")
                }
            }
            Precision::Week => format!("{lead} in the {plain}"),
            Precision::Day if self.approximate => format!("around {plain}"),
            Precision::Day => format!("sometime on {plain}"),
            // "2017-11-02 ~evening" already says it is vague.
            Precision::PartOfDay if self.approximate => shown,
            Precision::PartOfDay => match plain.split_once(' ') {
                Some((date, part)) => format!("{date}, sometime in the {part}"),
                None => shown,
            },
            _ => shown,
        }
    }

    /// The text [`When::parse`] reads back to this same time in a case whose zone is `tz` (for
    /// editing). A time with its own zone is written in it and names it ("2017-11-02
    /// Europe/London").
    pub fn input_text(&self, tz: Tz) -> String {
        let zone = self.reckoned_in(tz);
        let local = self.at.with_timezone(&zone);
        let tilde = match self.bound {
            Some(b) if self.approximate => format!("{} ~", b.label()),
            Some(b) => format!("{} ", b.label()),
            None if self.approximate => "~".to_owned(),
            None => String::new(),
        };
        let body = match self.precision {
            Precision::Year => local.format("%Y").to_string(),
            Precision::Month => local.format("%Y-%m").to_string(),
            Precision::Week => format!("week of {}", local.format("%Y-%m-%d")),
            Precision::Day => local.format("%Y-%m-%d").to_string(),
            Precision::PartOfDay => {
                format!(
                    "{} {}",
                    local.format("%Y-%m-%d"),
                    PARTS_OF_DAY[(local.hour() / 6) as usize % 4]
                )
            }
            Precision::Hour => local.format("%Y-%m-%d %H").to_string(),
            Precision::Minute => local.format("%Y-%m-%d %H:%M").to_string(),
            Precision::Second => local.format("%Y-%m-%d %H:%M:%S").to_string(),
        };
        // In the hour shown twice when clocks go back, the wall time alone reads as its first
        // copy: name the offset of the second ("2017-11-05 01:30 EST") so editing keeps it.
        let start = truncate_local(local.naive_local(), self.precision);
        match zone.from_local_datetime(&start) {
            LocalResult::Ambiguous(_, later) if later.with_timezone(&Utc) <= self.at => {
                format!("{tilde}{body} {}", offset_word(&later))
            }
            _ if zone == Zone::Named(tz) => format!("{tilde}{body}"),
            // A zone is written by name when that reads back as the same zone; a name Casebook
            // would read otherwise (`EST` from a hand-edited file reads as -05:00) is written
            // as the offset it has here.
            _ if parse_zone_spec(&zone.name()) == Some(Ok(zone)) => {
                format!("{tilde}{body} {}", zone.name())
            }
            _ => format!("{tilde}{body} {}", local.format("%:z")),
        }
    }
}

/// `local + by`, or `local` itself where that would leave the calendar.
fn later(local: NaiveDateTime, by: Duration) -> NaiveDateTime {
    local.checked_add_signed(by).unwrap_or(local)
}

pub(super) fn first_of(year: i32, month: u32) -> Option<NaiveDateTime> {
    NaiveDate::from_ymd_opt(year, month, 1).map(|d| d.and_time(NaiveTime::MIN))
}

pub(super) fn truncate_local(local: NaiveDateTime, precision: Precision) -> NaiveDateTime {
    let date = local.date();
    let hms = |h: u32, m: u32, s: u32| date.and_hms_opt(h, m, s).unwrap_or(local);
    match precision {
        Precision::Second => hms(local.hour(), local.minute(), local.second()),
        Precision::Minute => hms(local.hour(), local.minute(), 0),
        Precision::Hour => hms(local.hour(), 0, 0),
        Precision::PartOfDay => hms(local.hour() / 6 * 6, 0, 0),
        Precision::Day => hms(0, 0, 0),
        Precision::Week => {
            let back = Duration::days(i64::from(date.weekday().num_days_from_monday()));
            date.checked_sub_signed(back)
                .unwrap_or(date)
                .and_time(NaiveTime::MIN)
        }
        Precision::Month => first_of(local.year(), local.month()).unwrap_or(local),
        Precision::Year => first_of(local.year(), 1).unwrap_or(local),
    }
}
