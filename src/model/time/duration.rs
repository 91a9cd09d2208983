//! Durations as people know them: "about 11 minutes".

use std::fmt;

use super::parse::{NUMBER_WORDS, strip_approx};
use super::*;

/// A length of time, perhaps only approximate ("about 11 minutes").
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApproxDuration {
    /// Length in seconds.
    pub secs: i64,
    /// The source only says "about".
    #[serde(default, skip_serializing_if = "is_false")]
    pub approximate: bool,
    /// Known only as a lower or upper limit ("at least 12 hours").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<Limit>,
}

impl ApproxDuration {
    /// A duration of `secs` seconds.
    pub fn new(secs: i64, approximate: bool) -> Self {
        Self {
            secs,
            approximate,
            limit: None,
        }
    }

    /// As a chrono duration.
    pub fn as_duration(&self) -> Duration {
        Duration::seconds(self.secs)
    }

    /// Reads "11 min", "about 2 h", "~2h", "1 h 30 min", "90 s", "3 days", "1w".
    pub fn parse(text: &str) -> Result<Self, TimeParseError> {
        let trimmed = text.trim();
        let bad = || TimeParseError::UnreadableDuration(trimmed.to_owned());
        if trimmed.is_empty() {
            return Err(bad());
        }
        // "for about 11 minutes", as an article puts it.
        let lead = trimmed
            .get(..4)
            .filter(|w| w.eq_ignore_ascii_case("for "))
            .map_or(trimmed, |_| trimmed[4..].trim_start());
        let lower = lead.to_ascii_lowercase();
        let (limit, lead) = [
            ("at least ", Limit::AtLeast),
            ("no less than ", Limit::AtLeast),
            ("more than ", Limit::AtLeast),
            ("over ", Limit::AtLeast),
            (">", Limit::AtLeast),
            ("at most ", Limit::AtMost),
            ("no more than ", Limit::AtMost),
            ("up to ", Limit::AtMost),
            ("under ", Limit::AtMost),
            ("<", Limit::AtMost),
        ]
        .iter()
        .find(|(p, _)| lower.starts_with(p))
        .map_or((None, lead), |(p, l)| {
            (Some(*l), lead[p.len()..].trim_start())
        });
        let (approximate, rest) = strip_approx(lead);
        // Split into number / unit tokens regardless of spacing: "1h30m", "1 h 30 min".
        let mut tokens: Vec<String> = Vec::new();
        let mut current = String::new();
        let mut current_is_digit = None;
        for c in rest.chars() {
            if c.is_whitespace() || c == ',' {
                if !current.is_empty() {
                    tokens.push(std::mem::take(&mut current));
                }
                current_is_digit = None;
                continue;
            }
            let is_digit = c.is_ascii_digit() || c == '.';
            if current_is_digit.is_some_and(|d| d != is_digit) {
                tokens.push(std::mem::take(&mut current));
            }
            current.push(c);
            current_is_digit = Some(is_digit);
        }
        if !current.is_empty() {
            tokens.push(current);
        }
        // Words for numbers ("eleven minutes", "an hour", "half an hour"); "and" joins parts.
        // ("forty-five" is two words.)
        let words: Vec<String> = tokens
            .iter()
            .flat_map(|t| {
                // (A lone "-" stays: "-3 min" is refused, not read as 3 min.)
                let hyphenated = t.contains('-') && t.bytes().any(|b| b.is_ascii_alphabetic());
                let parts: Vec<&str> = if hyphenated {
                    t.split('-').filter(|w| !w.is_empty()).collect()
                } else {
                    vec![t.as_str()]
                };
                parts
            })
            .map(str::to_ascii_lowercase)
            .collect();
        let units = |w: &str| NUMBER_WORDS.iter().position(|n| *n == w);
        let tens = |w: &str| {
            ["twenty", "thirty", "forty", "fifty", "sixty"]
                .iter()
                .position(|n| *n == w)
                .map(|k| 20 + 10 * k)
        };
        let mut spelled: Vec<String> = Vec::with_capacity(words.len());
        let mut k = 0;
        while k < words.len() {
            let word = words[k].as_str();
            let next = words.get(k + 1).map(String::as_str);
            if word == "and" && next.is_some() && !spelled.is_empty() {
            } else if word == "half" && matches!(next, Some("a" | "an")) {
                spelled.push("0.5".to_owned());
                k += 1;
            } else if let Some(t) = tens(word) {
                // "forty five": the tens and a unit word after them make one number.
                match next.and_then(units).filter(|u| (1..10).contains(u)) {
                    Some(u) => {
                        spelled.push((t + u).to_string());
                        k += 1;
                    }
                    None => spelled.push(t.to_string()),
                }
            } else if let Some(n) = units(word) {
                spelled.push(n.to_string());
            } else if word == "a" || word == "an" {
                spelled.push("1".to_owned());
            } else {
                spelled.push(word.to_owned());
            }
            k += 1;
        }
        let tokens = spelled;
        let mut total = 0f64;
        let mut i = 0;
        let mut any = false;
        // Each unit once: "2 h 2 h" or "1h61h" is a slip, not 4 h or 62 h.
        let mut seen: Vec<f64> = Vec::new();
        while i < tokens.len() {
            let value: f64 = tokens[i].parse().map_err(|_| bad())?;
            let unit = tokens
                .get(i + 1)
                .map(|u| u.to_ascii_lowercase())
                .ok_or_else(bad)?;
            let factor = match unit.trim_end_matches('.') {
                "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
                "m" | "min" | "mins" | "minute" | "minutes" => 60.0,
                "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
                "d" | "day" | "days" => 86400.0,
                "w" | "wk" | "wks" | "week" | "weeks" => 7.0 * 86400.0,
                _ => return Err(bad()),
            };
            if !value.is_finite() || value < 0.0 || seen.contains(&factor) {
                return Err(bad());
            }
            seen.push(factor);
            total += value * factor;
            any = true;
            i += 2;
        }
        if !any || total > 1e12 {
            return Err(bad());
        }
        Ok(Self {
            secs: total.round() as i64,
            approximate,
            limit,
        })
    }
}

impl ApproxDuration {
    /// How long, in the words a reader expects (for reading, never parsed back): "11 min",
    /// "about 2 h 30 min", "1 d 4 h", "148 days", "about 20 months", "about 2.5 years". Past two
    /// days the hours are dropped (a daylight-saving change makes "147 d 23 h" of what is 148
    /// days), past six months months are counted, past two years years.
    pub fn calendar_text(&self) -> String {
        let limit = self
            .limit
            .map_or_else(String::new, |l| format!("{} ", l.label()));
        let sign = if self.secs < 0 { "-" } else { "" };
        let secs = self.secs.unsigned_abs() as f64;
        let days = secs / 86_400.0;
        let about = |rounded: bool| {
            if self.approximate || rounded {
                "about "
            } else {
                ""
            }
        };
        if days < 2.0 {
            let exact = Self {
                limit: None,
                ..*self
            };
            return format!("{limit}{exact}");
        }
        if days < 180.0 {
            let whole = days.round();
            let rounded = (days - whole).abs() > 1.5 / 24.0;
            return format!("{limit}{}{sign}{whole} days", about(rounded));
        }
        if days < 730.0 {
            let months = (days / 30.44).round();
            return format!("{limit}about {sign}{months} months");
        }
        let years = days / 365.25;
        let years = if years < 10.0 {
            format!("{:.1}", (years * 2.0).round() / 2.0)
        } else {
            format!("{:.0}", years.round())
        };
        let years = years.strip_suffix(".0").unwrap_or(&years).to_owned();
        format!("{limit}about {sign}{years} years")
    }
}

impl fmt::Display for ApproxDuration {
    /// "11 min", "about 2 h 30 min", "3 d", "45 s", "at least 12 h".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(limit) = self.limit {
            write!(f, "{} ", limit.label())?;
        }
        if self.approximate {
            f.write_str("about ")?;
        }
        let mut secs = self.secs.unsigned_abs();
        if self.secs < 0 {
            f.write_str("-")?;
        }
        let mut parts = Vec::new();
        for (unit, size) in [("d", 86400u64), ("h", 3600), ("min", 60), ("s", 1)] {
            if secs >= size {
                parts.push(format!("{} {unit}", secs / size));
                secs %= size;
            }
        }
        if parts.is_empty() {
            parts.push("0 s".to_owned());
        }
        f.write_str(&parts.join(" "))
    }
}
