//! Reading a time as a person types it or a source prints it.

use chrono::{Datelike as _, Offset as _, Timelike as _};

use super::*;

impl When {
    /// Reads a time typed by a person, in `tz` unless the text names its own zone.
    ///
    /// Accepts `2017`, `2017-11`, `2017-11-02`, `2017-11-02 evening`, `2017-11-02 18`,
    /// `2017-11-02 18:45`, `2017-11-02T18:45:10`, RFC 3339 (`2017-11-02T23:45:00Z`), an optional
    /// zone at the end (`UTC`, `Europe/Berlin`, `+01:00`, or a common abbreviation such as
    /// `ET` or `PST`), and a leading `~`, `about`, `around`, `approx.` or `c.` for approximate
    /// times. Dates and times as sources print them read too: `Nov 2, 2017`,
    /// `Thursday, November 2, 2017 at 6:45 p.m. ET`, `2 Nov 2017 evening`, `November 2017`,
    /// `2017-11-02 6:45pm`, `6:45 p.m. Nov. 2, 2017`. All-number dates with slashes
    /// (`11/02/2017`) are refused as ambiguous.
    ///
    /// A bound is written first: `by 19:00`, `before`, `no later than`, `on or before`, and
    /// `after`, `on or after`, `no earlier than`, `since`. A week is `week of 2020-07-13` (any
    /// day of it) or `2020-W29`.
    pub fn parse(text: &str, tz: Tz) -> Result<Self, TimeParseError> {
        let when = Self::parse_any_year(text, tz)?;
        if super::super::YEARS.contains(&when.at.year()) {
            Ok(when)
        } else {
            Err(TimeParseError::OutOfRange(text.trim().to_owned()))
        }
    }

    /// [`When::parse`] without the check that the year is one a case can hold.
    fn parse_any_year(text: &str, tz: Tz) -> Result<Self, TimeParseError> {
        let trimmed = text.trim();
        if trimmed.is_empty() {
            return Err(TimeParseError::Empty);
        }
        let (bound, rest) = strip_bound(trimmed);
        if bound.is_some() {
            if rest.is_empty() {
                return Err(TimeParseError::Unreadable(trimmed.to_owned()));
            }
            let inner = Self::parse(rest, tz).map_err(|e| match e {
                TimeParseError::Empty => TimeParseError::Unreadable(trimmed.to_owned()),
                other => other,
            })?;
            if inner.bound.is_some() {
                return Err(TimeParseError::Unreadable(trimmed.to_owned()));
            }
            return Ok(When { bound, ..inner });
        }
        let (approximate, rest) = strip_approx(trimmed);
        if let Some(week) = parse_week(rest, tz) {
            return week
                .map(|w| When { approximate, ..w })
                .map_err(|_| TimeParseError::Unreadable(trimmed.to_owned()));
        }
        if let Ok(t) = DateTime::parse_from_rfc3339(rest) {
            // Second precision: drop any fraction so `at` is the start of its second.
            let at = t.with_timezone(&Utc);
            let at = at.with_nanosecond(0).unwrap_or(at);
            return Ok(When {
                at,
                precision: Precision::Second,
                approximate,
                zone: None,
                bound: None,
            });
        }
        let unreadable = || TimeParseError::Unreadable(trimmed.to_owned());
        let mut words: Vec<&str> = rest.split_whitespace().collect();
        // Lone `T` separator: `2017-11-02T18:45`.
        let mut expanded: Vec<String> = Vec::new();
        for w in &words {
            if let Some((d, t)) = w.split_once('T').filter(|(d, _)| d.len() == 10) {
                expanded.push(d.to_owned());
                // An offset glued to the time: "18:45+01:00", "18:45Z".
                match t.find(['+', '-']) {
                    Some(at) if at > 0 => {
                        expanded.push(t[..at].to_owned());
                        expanded.push(t[at..].to_owned());
                    }
                    _ => match t.strip_suffix('Z') {
                        Some(clock) if !clock.is_empty() => {
                            expanded.push(clock.to_owned());
                            expanded.push("Z".to_owned());
                        }
                        _ => expanded.push(t.to_owned()),
                    },
                }
            } else {
                expanded.push((*w).to_owned());
            }
        }
        let (expanded, weekday) = human_forms(expanded, trimmed)?;
        words = expanded.iter().map(String::as_str).collect();
        // Optional zone at the end.
        let mut zone = Zone::Named(tz);
        if words.len() >= 2 {
            let last = words[words.len() - 1];
            if let Some(z) = parse_zone_spec(last) {
                zone = z?;
                words.pop();
            }
        }
        let (date_part, time_part) = match words.as_slice() {
            [d] => (*d, None),
            [d, t] => (*d, Some(*t)),
            _ => return Err(unreadable()),
        };
        let date_fields: Vec<&str> = date_part.split('-').collect();
        let num = |s: &str| s.parse::<u32>().ok();
        let (local, precision) = match (date_fields.as_slice(), time_part) {
            ([y], None) if y.len() == 4 => {
                let year = y.parse::<i32>().map_err(|_| unreadable())?;
                (first_of(year, 1).ok_or_else(unreadable)?, Precision::Year)
            }
            ([y, m], None) if y.len() == 4 => {
                let year = y.parse::<i32>().map_err(|_| unreadable())?;
                let month = num(m).ok_or_else(unreadable)?;
                (
                    first_of(year, month).ok_or_else(unreadable)?,
                    Precision::Month,
                )
            }
            ([y, m, d], time) if y.len() == 4 => {
                let year = y.parse::<i32>().map_err(|_| unreadable())?;
                let date = NaiveDate::from_ymd_opt(
                    year,
                    num(m).ok_or_else(unreadable)?,
                    num(d).ok_or_else(unreadable)?,
                )
                .ok_or_else(unreadable)?;
                match time {
                    None => (date.and_time(NaiveTime::MIN), Precision::Day),
                    Some(t) => {
                        if let Some(part) =
                            PARTS_OF_DAY.iter().position(|p| p.eq_ignore_ascii_case(t))
                        {
                            let hour = 6 * part as u32;
                            (
                                date.and_hms_opt(hour, 0, 0).ok_or_else(unreadable)?,
                                Precision::PartOfDay,
                            )
                        } else {
                            // "18", "6:45", "18:45:10": minutes and seconds have two digits
                            // ("18:5" could be 18:05 or 18:50).
                            let fields: Vec<&str> = t.split(':').collect();
                            let well_formed = fields.iter().enumerate().all(|(i, f)| {
                                f.bytes().all(|b| b.is_ascii_digit())
                                    && if i == 0 {
                                        (1..=2).contains(&f.len())
                                    } else {
                                        f.len() == 2
                                    }
                            });
                            if !well_formed {
                                return Err(unreadable());
                            }
                            let hms: Option<Vec<u32>> = fields.iter().map(|f| num(f)).collect();
                            let hms = hms.ok_or_else(unreadable)?;
                            match hms.as_slice() {
                                [h] => (
                                    date.and_hms_opt(*h, 0, 0).ok_or_else(unreadable)?,
                                    Precision::Hour,
                                ),
                                [h, mi] => (
                                    date.and_hms_opt(*h, *mi, 0).ok_or_else(unreadable)?,
                                    Precision::Minute,
                                ),
                                [h, mi, s] => (
                                    date.and_hms_opt(*h, *mi, *s).ok_or_else(unreadable)?,
                                    Precision::Second,
                                ),
                                _ => return Err(unreadable()),
                            }
                        }
                    }
                }
            }
            _ => return Err(unreadable()),
        };
        // "Friday, Nov 2, 2017" when Nov 2, 2017 was a Thursday: a typo somewhere; say so
        // rather than pick one. A weekday with only a month or a year ("Fri 2017") says nothing.
        if let Some(named) = weekday {
            if precision > Precision::Day {
                return Err(unreadable());
            }
            let day = local.date();
            if day.weekday().num_days_from_monday() as usize != named {
                return Err(TimeParseError::WrongWeekday(
                    trimmed.to_owned(),
                    day.format("%b %-d, %Y was a %A").to_string(),
                ));
            }
        }
        let at = start_of_period(local, precision, zone)?;
        // Minutes and seconds are instants, shown in any zone. A coarser time keeps the zone it
        // was given in unless that is the case's (an offset the case's zone has at that moment,
        // as in "2017-11-05 01 EST" in New York, is the case's).
        let own_zone = match zone {
            _ if precision <= Precision::Minute => None,
            Zone::Named(named) if named == tz => None,
            Zone::Offset(offset)
                if tz.offset_from_utc_datetime(&at.naive_utc()).fix() == offset =>
            {
                None
            }
            other => Some(other),
        };
        Ok(When {
            at,
            precision,
            approximate,
            zone: own_zone,
            bound: None,
        })
    }
}

/// A leading bound: "by", "before", "no later than", "on or before"; "after", "on or after",
/// "no earlier than", "since".
fn strip_bound(text: &str) -> (Option<TimeBound>, &str) {
    let lower = text.to_ascii_lowercase();
    for (prefix, bound) in [
        ("on or before ", TimeBound::Before),
        ("no later than ", TimeBound::Before),
        ("before ", TimeBound::Before),
        ("by ", TimeBound::Before),
        ("on or after ", TimeBound::After),
        ("no earlier than ", TimeBound::After),
        ("after ", TimeBound::After),
        ("since ", TimeBound::After),
    ] {
        if lower.starts_with(prefix) {
            return (Some(bound), text[prefix.len()..].trim_start());
        }
    }
    (None, text)
}

/// "week of 2020-07-13" (any day of the week, any date form `parse` reads, an optional zone)
/// or ISO "2020-W29": the week from Monday. `None` when the text is not a week;
/// `Some(Err)` when it is one that cannot be read.
fn parse_week(text: &str, tz: Tz) -> Option<Result<When, TimeParseError>> {
    let lower = text.to_ascii_lowercase();
    let to_week = |day: When| -> Result<When, TimeParseError> {
        if day.precision != Precision::Day {
            return Err(TimeParseError::Unreadable(text.to_owned()));
        }
        let zone = day.reckoned_in(tz);
        let local = day.at.with_timezone(&zone).naive_local();
        let at = start_of_period(local, Precision::Week, zone)?;
        Ok(When {
            at,
            precision: Precision::Week,
            ..day
        })
    };
    if let Some(rest) = lower.strip_prefix("week of ") {
        let rest = text[text.len() - rest.len()..].trim();
        return Some(When::parse(rest, tz).and_then(to_week));
    }
    let (year, week) = lower.split_once("-w")?;
    let (year, week) = (year.parse::<i32>().ok()?, week.trim().parse::<u32>().ok()?);
    let Some(monday) = NaiveDate::from_isoywd_opt(year, week, chrono::Weekday::Mon) else {
        return Some(Err(TimeParseError::Unreadable(text.to_owned())));
    };
    Some(
        When::from_local(monday.and_time(NaiveTime::MIN), Precision::Day, false, tz)
            .and_then(to_week),
    )
}

/// "zero" … "nineteen", at their value's index.
pub(super) const NUMBER_WORDS: [&str; 20] = [
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];

pub(super) const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

pub(super) const WEEKDAYS: [&str; 7] = [
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
];

/// "Nov", "Nov.", "Sept", "November" → 11 / 9 / 11.
pub(super) fn month_number(word: &str) -> Option<u32> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    let n = MONTHS.iter().position(|m| {
        *m == w || (w.len() == 3 && m.starts_with(w.as_str())) || (w == "sept" && *m == "september")
    })?;
    u32::try_from(n + 1).ok()
}

/// "Thursday", "Thu", "Thurs." and the like → 0 for Monday … 6 for Sunday.
pub(super) fn weekday_index(word: &str) -> Option<usize> {
    let w = word.trim_end_matches('.').to_ascii_lowercase();
    if w.len() < 3 {
        return None;
    }
    WEEKDAYS.iter().position(|d| d.starts_with(w.as_str()))
}

/// "2", "02", "2nd", "23rd" → the day of the month.
pub(super) fn day_number(word: &str) -> Option<u32> {
    let lower = word.to_ascii_lowercase();
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| lower.strip_suffix(suffix))
        .unwrap_or(&lower);
    if digits.is_empty() || digits.len() > 2 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

pub(super) fn year_number(word: &str) -> Option<i32> {
    (word.len() == 4 && word.bytes().all(|b| b.is_ascii_digit()))
        .then(|| word.parse().ok())
        .flatten()
}

/// "am", "a.m.", "PM" → Some(false) for am, Some(true) for pm.
pub(super) fn meridiem(word: &str) -> Option<bool> {
    match word.replace('.', "").to_ascii_lowercase().as_str() {
        "am" => Some(false),
        "pm" => Some(true),
        _ => None,
    }
}

/// "6", "6:45", "6:45:10" on a 12-hour clock → "18", "18:45", "18:45:10".
pub(super) fn twelve_hour(clock: &str, pm: bool) -> Option<String> {
    let mut fields = clock.split(':');
    let hour: u32 = fields
        .next()?
        .parse()
        .ok()
        .filter(|h| (1..=12).contains(h))?;
    let rest: Vec<&str> = fields.collect();
    if rest.len() > 2
        || rest
            .iter()
            .any(|f| f.len() != 2 || f.parse::<u32>().is_err())
    {
        return None;
    }
    let hour = hour % 12 + if pm { 12 } else { 0 };
    let mut out = format!("{hour:02}");
    for f in rest {
        out.push(':');
        out.push_str(f);
    }
    Some(out)
}

/// Rewrites dates and times the way sources print them ("Thursday, Nov 2, 2017 at 6:45 p.m.")
/// into the forms [`When::parse`] reads ("2017-11-02", "18:45"). Words it does not recognise are
/// left alone, for the rest of the parser to accept or refuse.
///
/// Also returns the day of the week the text names, if any (0 for Monday), for the caller to
/// check against the date.
pub(super) fn human_forms(
    words: Vec<String>,
    original: &str,
) -> Result<(Vec<String>, Option<usize>), TimeParseError> {
    let mut tokens: Vec<String> = words
        .iter()
        .flat_map(|w| w.split(','))
        .filter(|w| !w.is_empty())
        .filter(|w| !["at", "on", "of", "the"].contains(&w.to_ascii_lowercase().as_str()))
        .map(str::to_owned)
        .collect();
    // 12-hour clock: "6:45 pm", "6:45pm", "6 p.m.".
    let mut clocks = vec![false; tokens.len()];
    let mut k = 0;
    while k < tokens.len() {
        if let Some(pm) = meridiem(&tokens[k])
            && k > 0
            && let Some(clock) = twelve_hour(&tokens[k - 1], pm)
        {
            tokens[k - 1] = clock;
            clocks[k - 1] = true;
            tokens.remove(k);
            clocks.remove(k);
            continue;
        }
        let lower = tokens[k].to_ascii_lowercase();
        let split = ["a.m.", "p.m.", "am", "pm"]
            .iter()
            .find_map(|m| lower.strip_suffix(m).map(|c| (c.len(), m.starts_with('p'))));
        if let Some((len, pm)) = split
            && let Some(clock) = twelve_hour(&tokens[k][..len], pm)
        {
            tokens[k] = clock;
            clocks[k] = true;
        }
        k += 1;
    }
    // The clock first, as news style has it ("6:45 p.m. Thursday, Nov. 2, 2017"): it goes
    // after the date.
    let is_clock = |w: &str| w.contains(':') && w.bytes().all(|b| b.is_ascii_digit() || b == b':');
    let leading_clock =
        (tokens.len() > 1 && (clocks[0] || is_clock(&tokens[0]))).then(|| tokens.remove(0));
    let weekday = tokens.first().and_then(|w| weekday_index(w));
    if weekday.is_some() {
        tokens.remove(0);
    }
    // "evening of Nov 2, 2017": the part of the day goes after the date.
    if tokens.len() > 1
        && PARTS_OF_DAY
            .iter()
            .any(|p| p.eq_ignore_ascii_case(&tokens[0]))
    {
        let part = tokens.remove(0);
        let at = if tokens.first().is_some_and(|w| month_number(w).is_some()) {
            3.min(tokens.len())
        } else {
            tokens.len()
        };
        tokens.insert(at, part);
    }
    let month = |k: usize| tokens.get(k).and_then(|w| month_number(w));
    let day = |k: usize| tokens.get(k).and_then(|w| day_number(w));
    let year = |k: usize| tokens.get(k).and_then(|w| year_number(w));
    let (date, used) = match (month(0), day(0)) {
        (Some(m), _) => match (day(1), year(2), year(1)) {
            (Some(d), Some(y), _) => (Some(format!("{y:04}-{m:02}-{d:02}")), 3),
            (_, _, Some(y)) => (Some(format!("{y:04}-{m:02}")), 2),
            _ => (None, 0),
        },
        (None, Some(d)) => match (month(1), year(2)) {
            (Some(m), Some(y)) => (Some(format!("{y:04}-{m:02}-{d:02}")), 3),
            _ => (None, 0),
        },
        _ => (None, 0),
    };
    if let Some(date) = date {
        tokens.splice(0..used, [date]);
    }
    if let Some(clock) = leading_clock {
        tokens.insert(1.min(tokens.len()), clock);
    }
    if tokens
        .first()
        .is_some_and(|w| w.contains('/') && w.bytes().all(|b| b.is_ascii_digit() || b == b'/'))
    {
        return Err(TimeParseError::AmbiguousDate(original.to_owned()));
    }
    Ok((tokens, weekday))
}

pub(super) fn strip_approx(text: &str) -> (bool, &str) {
    if let Some(rest) = text.strip_prefix('~') {
        return (true, rest.trim_start());
    }
    let lower = text.to_ascii_lowercase();
    for prefix in [
        "about ",
        "around ",
        "approx. ",
        "approx ",
        "approximately ",
        "circa ",
        "c. ",
        "ca. ",
    ] {
        if lower.starts_with(prefix) {
            return (true, text[prefix.len()..].trim_start());
        }
    }
    (false, text)
}
