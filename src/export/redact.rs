//! Redaction: a copy of a case safe to share outside.
//!
//! Staff names become their pseudonyms (or "Staff A", "Staff B"… in case order when a staff
//! member has none), the handles of accounts marked private become "Private account 1"…, their
//! display names and profile links are dropped, and notes marked internal are dropped. The names
//! and handles are also replaced wherever they occur in free text (summaries, quotes, source
//! titles, links, tags, even record ids), so nothing redacted survives in any export.
//!
//! Every record type is destructured field by field below: adding a field to the model without
//! deciding how it is redacted does not compile.

use crate::model::{
    Account, Action, Actor, Case, CaseInfo, FollowUp, Meta, Postmortem, Source, Speaker, Staff,
    Statement,
};

/// One replacement: every occurrence of `needle` (case-insensitive) becomes `replacement`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rule {
    pub needle: String,
    pub replacement: String,
    /// Match only whole words (for single name parts, so "Ann" leaves "annual" alone).
    pub whole_word: bool,
}

/// What a redaction removes, and with what it replaces it.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// Longest needles first, so a full name is replaced before its parts.
    rules: Vec<Rule>,
}

impl Redactor {
    /// The rules for `case`: its staff names and private accounts.
    pub fn for_case(case: &Case) -> Self {
        let mut rules = Vec::new();
        let mut unnamed = 0usize;
        for s in &case.staff {
            let replacement = if s.pseudonym.trim().is_empty() {
                unnamed += 1;
                format!("Staff {}", letters(unnamed))
            } else {
                s.pseudonym.trim().to_owned()
            };
            let name = s.name.trim();
            if name.is_empty() || name == replacement {
                continue;
            }
            rules.push(Rule {
                needle: name.to_owned(),
                replacement: replacement.clone(),
                whole_word: false,
            });
            // Each part of the name on its own ("Duysak said…"), and as it appears in links
            // ("bahtiyar-duysak"). Short parts and parts shared with the pseudonym are left,
            // or "Contractor Smith" → "Contractor A" would blank the word "contractor".
            let words: Vec<&str> = name
                .split(|c: char| !c.is_alphanumeric() && c != '\'')
                .filter(|w| w.chars().count() >= 3)
                .filter(|w| {
                    !replacement
                        .split_whitespace()
                        .any(|r| r.eq_ignore_ascii_case(w))
                })
                .collect();
            if words.len() > 1 {
                rules.push(Rule {
                    needle: words.join("-"),
                    replacement: replacement.clone(),
                    whole_word: false,
                });
            }
            for w in words {
                rules.push(Rule {
                    needle: w.to_owned(),
                    replacement: replacement.clone(),
                    whole_word: true,
                });
            }
        }
        let mut private = 0usize;
        for a in case.accounts.iter().filter(|a| a.private) {
            private += 1;
            let replacement = format!("Private account {private}");
            // Its id may spell the handle some other way ("acct-trump"): it goes too.
            rules.push(Rule {
                needle: a.id.0.clone(),
                replacement: format!("acct-private-account-{private}"),
                whole_word: false,
            });
            let handle = a.handle.trim();
            let bare = handle.trim_start_matches('@');
            for needle in [handle, bare, a.display_name.trim(), a.profile_url.trim()] {
                if needle.chars().count() >= 2 {
                    rules.push(Rule {
                        needle: needle.to_owned(),
                        replacement: replacement.clone(),
                        whole_word: needle.chars().count() < 5,
                    });
                }
            }
        }
        rules.sort_by(|a, b| {
            b.needle
                .chars()
                .count()
                .cmp(&a.needle.chars().count())
                .then_with(|| a.needle.cmp(&b.needle))
        });
        rules.dedup_by(|a, b| a.needle.eq_ignore_ascii_case(&b.needle));
        Self { rules }
    }

    /// The rules, longest needle first.
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    /// Whether there is anything to redact.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// The strings that must not appear anywhere in a redacted export.
    pub fn forbidden(&self) -> Vec<&str> {
        self.rules.iter().map(|r| r.needle.as_str()).collect()
    }

    /// `text` with every rule applied.
    pub fn text(&self, text: &str) -> String {
        let mut out = text.to_owned();
        for rule in &self.rules {
            out = replace_ci(&out, &rule.needle, &rule.replacement, rule.whole_word);
        }
        out
    }

    fn apply(&self, s: &mut String) {
        if !self.rules.is_empty() {
            let new = self.text(s);
            if new != *s {
                *s = new;
            }
        }
    }

    /// A record id (or a reference to one) with every rule applied, the replacement written as
    /// an id ("staff-duysak" → "staff-contractor-a"), so the redacted case still validates and
    /// its references still match.
    fn id(&self, s: &mut String) {
        if self.rules.is_empty() {
            return;
        }
        let mut out = s.clone();
        for rule in &self.rules {
            out = replace_ci(
                &out,
                &rule.needle,
                &slug(&rule.replacement),
                rule.whole_word,
            );
        }
        // Needles are matched in ids as written there: "bahtiyar-duysak", "realdonaldtrump".
        if out != *s {
            *s = out;
        }
    }

    fn meta(&self, meta: &mut Meta) {
        let Meta {
            created: _,
            updated: _,
            tags,
            notes,
            key_event: _,
            sources,
        } = meta;
        notes.retain(|n| !n.internal);
        for n in notes {
            self.apply(&mut n.text);
        }
        for t in tags {
            self.apply(t);
        }
        for s in sources {
            self.id(&mut s.0);
        }
    }
}

/// "Contractor A" → "contractor-a": only the characters ids allow.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') {
            out.push('-');
        }
    }
    let out = out.trim_matches('-').to_owned();
    if out.is_empty() {
        "redacted".to_owned()
    } else {
        out
    }
}

/// "A", "B", … "Z", "AA", "AB", …
fn letters(mut n: usize) -> String {
    let mut out = Vec::new();
    while n > 0 {
        n -= 1;
        out.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Replaces every case-insensitive occurrence of `needle` in `haystack` (characters compared
/// by their lower-case forms, so "İstanbul" next to a name does not turn matching off).
fn replace_ci(haystack: &str, needle: &str, replacement: &str, whole_word: bool) -> String {
    let pat: Vec<char> = needle.chars().collect();
    let hay: Vec<char> = haystack.chars().collect();
    if pat.is_empty() || pat.len() > hay.len() {
        return haystack.to_owned();
    }
    let same = |a: char, b: char| a == b || a.to_lowercase().eq(b.to_lowercase());
    let mut out = String::with_capacity(haystack.len());
    let mut i = 0;
    let mut changed = false;
    while i < hay.len() {
        let matches = i + pat.len() <= hay.len()
            && hay[i..i + pat.len()]
                .iter()
                .zip(&pat)
                .all(|(&a, &b)| same(a, b))
            && (!whole_word
                || ((i == 0 || !hay[i - 1].is_alphanumeric())
                    && hay.get(i + pat.len()).is_none_or(|c| !c.is_alphanumeric())));
        if matches {
            out.push_str(replacement);
            i += pat.len();
            changed = true;
        } else {
            out.push(hay[i]);
            i += 1;
        }
    }
    if changed { out } else { haystack.to_owned() }
}

/// A redacted copy of `case` (see the module docs).
pub fn redact(case: &Case) -> Case {
    let r = Redactor::for_case(case);
    redact_with(case, &r)
}

/// [`redact`] with a given redactor.
pub fn redact_with(case: &Case, r: &Redactor) -> Case {
    let mut case = case.clone();
    let Case {
        info,
        accounts,
        staff,
        actions,
        statements,
        sources,
        postmortem,
    } = &mut case;
    {
        let CaseInfo {
            id,
            title,
            summary,
            status: _,
            severity: _,
            owner,
            tags,
            created: _,
            updated: _,
            zone: _,
            classification,
        } = info;
        r.id(&mut id.0);
        for s in [title, summary, owner, classification] {
            r.apply(s);
        }
        for t in tags {
            r.apply(t);
        }
    }
    let mut private = 0usize;
    for a in accounts {
        let Account {
            id,
            platform,
            handle,
            display_name,
            profile_url,
            audience: _,
            kind: _,
            private: is_private,
            meta,
        } = a;
        if *is_private {
            private += 1;
            *handle = format!("Private account {private}");
            display_name.clear();
            profile_url.clear();
        }
        r.id(&mut id.0);
        for s in [platform, handle, display_name, profile_url] {
            r.apply(s);
        }
        r.meta(meta);
    }
    let mut unnamed = 0usize;
    for s in staff {
        let Staff {
            id,
            name,
            pseudonym,
            role,
            team,
            employment: _,
            access_level,
            tenure_start: _,
            tenure_end: _,
            meta,
        } = s;
        if pseudonym.trim().is_empty() {
            unnamed += 1;
            *name = format!("Staff {}", letters(unnamed));
        } else {
            *name = pseudonym.trim().to_owned();
        }
        r.id(&mut id.0);
        for s in [name, pseudonym, role, team, access_level] {
            r.apply(s);
        }
        r.meta(meta);
    }
    for a in actions {
        let Action {
            id,
            kind: _,
            summary,
            targets,
            performer,
            start: _,
            end: _,
            duration: _,
            policy,
            authorization: _,
            reverses,
            meta,
        } = a;
        r.id(&mut id.0);
        for s in [summary, policy] {
            r.apply(s);
        }
        for t in targets {
            r.id(&mut t.0);
        }
        match performer {
            Actor::Staff(id) => r.id(&mut id.0),
            Actor::System(s) | Actor::External(s) => r.apply(s),
            Actor::Unknown => {}
        }
        if let Some(id) = reverses {
            r.id(&mut id.0);
        }
        r.meta(meta);
    }
    for s in statements {
        let Statement {
            id,
            speaker,
            channel: _,
            quote,
            verbatim: _,
            when: _,
            corrects,
            about,
            meta,
        } = s;
        r.id(&mut id.0);
        r.apply(quote);
        match speaker {
            Speaker::Staff(id) => r.id(&mut id.0),
            Speaker::Account(id) => r.id(&mut id.0),
            Speaker::Organisation(s)
            | Speaker::Official(s)
            | Speaker::Press(s)
            | Speaker::Other(s) => r.apply(s),
        }
        if let Some(id) = corrects {
            r.id(&mut id.0);
        }
        for a in about {
            r.id(&mut a.0);
        }
        r.meta(meta);
    }
    for s in sources {
        let Source {
            id,
            title,
            publisher,
            url,
            published: _,
            accessed: _,
            meta,
        } = s;
        r.id(&mut id.0);
        for s in [title, publisher, url] {
            r.apply(s);
        }
        r.meta(meta);
    }
    let Postmortem {
        impact,
        root_cause,
        contributing_factors,
        follow_ups,
    } = postmortem;
    r.apply(impact);
    r.apply(root_cause);
    for f in contributing_factors {
        r.apply(f);
    }
    for f in follow_ups {
        let FollowUp {
            id,
            description,
            owner,
            status: _,
            due: _,
            meta,
        } = f;
        r.id(&mut id.0);
        for s in [description, owner] {
            r.apply(s);
        }
        r.meta(meta);
    }
    case
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_case_insensitively_and_whole_words_only_for_parts() {
        assert_eq!(
            replace_ci("Ann said annual", "ann", "X", true),
            "X said annual"
        );
        assert_eq!(
            replace_ci("see bahtiyar-duysak/x", "Bahtiyar-Duysak", "A", false),
            "see A/x"
        );
        assert_eq!(replace_ci("İstanbul", "x", "y", false), "İstanbul");
        assert_eq!(
            replace_ci("duysak (İstanbul)", "Duysak", "A", true),
            "A (İstanbul)"
        );
        assert_eq!(slug("Contractor A"), "contractor-a");
    }

    #[test]
    fn letters_count_like_spreadsheet_columns() {
        assert_eq!(letters(1), "A");
        assert_eq!(letters(26), "Z");
        assert_eq!(letters(27), "AA");
    }
}
