//! Axis ticks at round steps (seconds … decades) in the display zone, with day boundaries that
//! stay at local midnight across daylight-saving changes.

use chrono::{
    DateTime, Datelike as _, Duration, NaiveDate, NaiveDateTime, TimeZone as _, Timelike as _, Utc,
};
use chrono_tz::Tz;

use super::view::TimeView;

/// A tick mark on the time axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Seconds since the epoch.
    pub time: f64,
    /// What to print under it.
    pub label: String,
    /// A boundary of the next larger unit (a day at hour steps, a year at month steps…).
    pub major: bool,
}

impl Tick {
    /// The label with its date in front when it is a bare clock time ("Nov 2, 2017 18:00"): for the
    /// first label of an axis, or of a stretch after a compressed gap, which would otherwise
    /// leave the reader without a date.
    pub fn dated_label(&self, tz: Tz) -> String {
        if self.major || !self.label.contains(':') {
            return self.label.clone();
        }
        chrono::DateTime::from_timestamp(self.time as i64, 0).map_or_else(
            || self.label.clone(),
            |d| {
                format!(
                    "{} {}",
                    d.with_timezone(&tz).format("%b %-d, %Y"),
                    self.label
                )
            },
        )
    }
}

/// The local date of `t`, with its year and without ("Nov 2, 2017", "Nov 2"): printed where a
/// stretch of the axis starts when none of its own ticks is labelled near there, so every
/// stretch is dated; the short form where the long one does not fit.
pub fn stretch_dates(t: f64, tz: Tz) -> [String; 2] {
    chrono::DateTime::from_timestamp(t as i64, 0).map_or_else(Default::default, |d| {
        let d = d.with_timezone(&tz);
        [
            d.format("%b %-d, %Y").to_string(),
            d.format("%b %-d").to_string(),
        ]
    })
}

/// A tick step: a fixed number of seconds of wall-clock time, or a calendar unit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Seconds(i64),
    Days(i64),
    Months(i64),
    Years(i64),
}

impl Step {
    /// Roughly how many seconds the step is (to choose one).
    pub fn approx_secs(self) -> f64 {
        match self {
            Step::Seconds(s) => s as f64,
            Step::Days(d) => d as f64 * 86_400.0,
            Step::Months(m) => m as f64 * 30.44 * 86_400.0,
            Step::Years(y) => y as f64 * 365.25 * 86_400.0,
        }
    }
}

/// Every step, smallest first.
pub const STEPS: [Step; 30] = [
    Step::Seconds(1),
    Step::Seconds(2),
    Step::Seconds(5),
    Step::Seconds(10),
    Step::Seconds(15),
    Step::Seconds(30),
    Step::Seconds(60),
    Step::Seconds(2 * 60),
    Step::Seconds(5 * 60),
    Step::Seconds(10 * 60),
    Step::Seconds(15 * 60),
    Step::Seconds(30 * 60),
    Step::Seconds(3600),
    Step::Seconds(2 * 3600),
    Step::Seconds(3 * 3600),
    Step::Seconds(6 * 3600),
    Step::Seconds(12 * 3600),
    Step::Days(1),
    Step::Days(2),
    Step::Days(7),
    Step::Months(1),
    Step::Months(3),
    Step::Months(6),
    Step::Years(1),
    Step::Years(2),
    Step::Years(5),
    Step::Years(10),
    Step::Years(20),
    Step::Years(50),
    Step::Years(100),
];

/// The smallest step whose ticks are at least `min_spacing_points` apart.
pub fn choose_step(view: &TimeView, width: f64, min_spacing_points: f64) -> Step {
    let min_secs = view.secs_per_point(width) * min_spacing_points;
    STEPS
        .iter()
        .copied()
        .find(|s| s.approx_secs() >= min_secs)
        .unwrap_or(Step::Years(100))
}

fn to_utc(tz: Tz, local: NaiveDateTime) -> Option<DateTime<Utc>> {
    // A wall time skipped by DST has no tick; a repeated one ticks at its first occurrence.
    tz.from_local_datetime(&local)
        .earliest()
        .map(|t| t.with_timezone(&Utc))
}

/// When `date` begins in `tz`: local midnight, or when the clocks resume if DST skipped it.
fn day_start(tz: Tz, date: NaiveDate) -> Option<f64> {
    let local = date.and_hms_opt(0, 0, 0)?;
    to_utc(tz, local)
        .or_else(|| (1..=4).find_map(|h| to_utc(tz, local + Duration::hours(h))))
        .map(|t| t.timestamp() as f64)
}

fn local_of(tz: Tz, secs: f64) -> NaiveDateTime {
    let t = DateTime::<Utc>::from_timestamp(secs.floor() as i64, 0).unwrap_or_default();
    t.with_timezone(&tz).naive_local()
}

/// Ticks covering the view at the step chosen for `min_spacing_points`, in zone `tz`.
pub fn ticks(view: &TimeView, width: f64, tz: Tz, min_spacing_points: f64) -> Vec<Tick> {
    ticks_with_step(view, tz, choose_step(view, width, min_spacing_points))
}

/// Ticks covering the view at `step`.
pub fn ticks_with_step(view: &TimeView, tz: Tz, step: Step) -> Vec<Tick> {
    let first = local_of(tz, view.start - step.approx_secs());
    let last_secs = view.end() + step.approx_secs();
    let mut out = Vec::new();
    let push = |local: NaiveDateTime, label: String, major: bool, out: &mut Vec<Tick>| {
        if let Some(t) = to_utc(tz, local) {
            let secs = t.timestamp() as f64;
            if secs >= view.start && secs <= view.end() {
                out.push(Tick {
                    time: secs,
                    label,
                    major,
                });
            }
        }
    };
    match step {
        Step::Seconds(s) => {
            // Align to the step within the local day, then walk the wall clock.
            let day = first.date().and_hms_opt(0, 0, 0).unwrap_or(first);
            let since_midnight = (first - day).num_seconds();
            let mut local = day + Duration::seconds(since_midnight / s * s);
            let mut guard = 0;
            while guard < 10_000 {
                guard += 1;
                let secs = to_utc(tz, local).map_or(f64::MIN, |t| t.timestamp() as f64);
                if secs > last_secs {
                    break;
                }
                let midnight = local.hour() == 0 && local.minute() == 0 && local.second() == 0;
                let label = if midnight {
                    local.format("%b %-d").to_string()
                } else if s < 60 {
                    local.format("%H:%M:%S").to_string()
                } else {
                    local.format("%H:%M").to_string()
                };
                push(local, label, midnight, &mut out);
                let next = local + Duration::seconds(s);
                // Keep ticks aligned to local midnight after each day.
                local = if next.date() != local.date() {
                    next.date().and_hms_opt(0, 0, 0).unwrap_or(next)
                } else {
                    next
                };
            }
        }
        Step::Days(d) => {
            let mut date = first.date();
            if d == 7 {
                // Weeks start on Monday.
                date -= Duration::days(i64::from(date.weekday().num_days_from_monday()));
            }
            let mut guard = 0;
            while guard < 10_000 {
                guard += 1;
                let Some(secs) = day_start(tz, date) else {
                    break;
                };
                if secs > last_secs {
                    break;
                }
                let major = date.day() == 1;
                let label = if major {
                    date.format("%b %-d %Y").to_string()
                } else {
                    date.format("%b %-d").to_string()
                };
                if view.overlaps(secs, secs) {
                    out.push(Tick {
                        time: secs,
                        label,
                        major,
                    });
                }
                date += Duration::days(d);
            }
        }
        Step::Months(m) => {
            let mut year = first.year();
            let mut month0 = (first.month0() as i64 / m * m) as u32;
            let mut guard = 0;
            while guard < 10_000 {
                guard += 1;
                let Some(date) = NaiveDate::from_ymd_opt(year, month0 + 1, 1) else {
                    break;
                };
                let Some(secs) = day_start(tz, date) else {
                    break;
                };
                if secs > last_secs {
                    break;
                }
                let major = month0 == 0;
                let label = if major {
                    date.format("%Y").to_string()
                } else {
                    date.format("%b %Y").to_string()
                };
                if view.overlaps(secs, secs) {
                    out.push(Tick {
                        time: secs,
                        label,
                        major,
                    });
                }
                month0 += m as u32;
                while month0 >= 12 {
                    month0 -= 12;
                    year += 1;
                }
            }
        }
        Step::Years(y) => {
            let mut year = first.year().div_euclid(y as i32) * y as i32;
            let mut guard = 0;
            while guard < 10_000 {
                guard += 1;
                let Some(date) = NaiveDate::from_ymd_opt(year, 1, 1) else {
                    break;
                };
                let Some(secs) = day_start(tz, date) else {
                    break;
                };
                if secs > last_secs {
                    break;
                }
                let major = year % (y as i32 * 10) == 0;
                if view.overlaps(secs, secs) {
                    out.push(Tick {
                        time: secs,
                        label: year.to_string(),
                        major,
                    });
                }
                year += y as i32;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc(s: &str) -> f64 {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.timestamp() as f64)
            .unwrap_or(0.0)
    }

    #[test]
    fn a_bare_clock_time_can_carry_its_local_date() {
        let tz = chrono_tz::America::New_York;
        // 2017-11-02 23:30 UTC is 19:30 in New York, the same day there.
        let view = TimeView::new(utc("2017-11-02T23:00:00Z"), 3600.0);
        let ticks = ticks(&view, 800.0, tz, 90.0);
        let half_past = ticks
            .iter()
            .find(|t| t.label == "19:30")
            .expect("a 19:30 tick in an hour's view");
        assert_eq!(half_past.dated_label(tz), "Nov 2, 2017 19:30");
        // In Tokyo the same instant is already the next day.
        let tokyo = Tick {
            label: "08:30".into(),
            ..half_past.clone()
        };
        assert_eq!(
            tokyo.dated_label(chrono_tz::Asia::Tokyo),
            "Nov 3, 2017 08:30"
        );
        // Day and month labels already say when they are.
        let day = Tick {
            time: utc("2017-11-03T04:00:00Z"),
            label: "Nov 3".into(),
            major: true,
        };
        assert_eq!(day.dated_label(tz), "Nov 3");
        assert_eq!(
            stretch_dates(utc("2017-11-03T01:00:00Z"), tz),
            ["Nov 2, 2017", "Nov 2"]
        );
    }

    #[test]
    fn every_zoom_level_gets_a_round_step_and_sensible_ticks() {
        let tz = chrono_tz::America::New_York;
        let width = 1200.0;
        let start = utc("2017-11-02T12:00:00Z");
        let mut span = 2.0;
        let mut last_step = 0.0;
        while span < 200.0 * 365.25 * 86_400.0 {
            let view = TimeView::new(start, span);
            let step = choose_step(&view, width, 90.0);
            assert!(step.approx_secs() >= last_step, "steps grow with the span");
            last_step = step.approx_secs();
            let ticks = ticks(&view, width, tz, 90.0);
            assert!(
                !ticks.is_empty() || step.approx_secs() > span,
                "span {span}: no ticks"
            );
            assert!(ticks.len() <= 20, "span {span}: {} ticks", ticks.len());
            for pair in ticks.windows(2) {
                assert!(pair[1].time > pair[0].time);
                let gap =
                    view.x_from_time(pair[1].time, width) - view.x_from_time(pair[0].time, width);
                assert!(gap >= 40.0, "span {span}: ticks {gap} points apart");
            }
            span *= 1.7;
        }
    }

    #[test]
    fn day_ticks_stay_at_local_midnight_across_dst() {
        // The week around the 2017 fall-back in New York (Nov 5 is 25 hours long).
        let tz = chrono_tz::America::New_York;
        let view = TimeView::new(utc("2017-11-02T00:00:00Z"), 7.0 * 86_400.0);
        let ticks = ticks_with_step(&view, tz, Step::Days(1));
        assert!(ticks.len() >= 6);
        for t in &ticks {
            let local = local_of(tz, t.time);
            assert_eq!(
                (local.hour(), local.minute()),
                (0, 0),
                "{} is not local midnight",
                t.label
            );
        }
        let nov5 = ticks
            .iter()
            .position(|t| t.label == "Nov 5")
            .expect("a tick for Nov 5");
        assert_eq!(ticks[nov5 + 1].time - ticks[nov5].time, 25.0 * 3600.0);
    }

    #[test]
    fn hour_ticks_skip_the_missing_hour_in_spring() {
        let tz = chrono_tz::America::New_York;
        let view = TimeView::new(utc("2017-03-12T04:00:00Z"), 6.0 * 3600.0);
        let labels: Vec<String> = ticks_with_step(&view, tz, Step::Seconds(3600))
            .into_iter()
            .map(|t| t.label)
            .collect();
        assert!(labels.contains(&"01:00".to_owned()) && labels.contains(&"03:00".to_owned()));
        assert!(!labels.contains(&"02:00".to_owned()));
    }

    #[test]
    fn month_and_year_ticks_are_round() {
        let view = TimeView::new(utc("2016-01-15T00:00:00Z"), 3.0 * 365.25 * 86_400.0);
        let months = ticks_with_step(&view, Tz::UTC, Step::Months(3));
        assert!(
            months
                .iter()
                .all(|t| [1, 4, 7, 10].contains(&local_of(Tz::UTC, t.time).month()))
        );
        let years = ticks_with_step(&view, Tz::UTC, Step::Years(1));
        assert_eq!(
            years.iter().map(|t| t.label.as_str()).collect::<Vec<_>>(),
            ["2017", "2018", "2019"]
        );
    }
}
