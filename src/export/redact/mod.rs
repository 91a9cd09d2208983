//! Redaction: a copy of a case safe to share outside, and the check that nothing protected is
//! left in what an export writes.
//!
//! Who is hidden is a choice made in the case: staff marked protected (by default employees
//! and contractors who are persons), accounts marked protected (private individuals), and the
//! case's "also redact" terms. A protected staff member is named by their pseudonym (or "Staff
//! A", "Staff B"… in case order when they have none), a protected account becomes "Private
//! account 1"… with its display name and profile link dropped, and notes marked internal are
//! dropped. Their names are also replaced wherever they occur in free text (summaries, quotes,
//! source titles, links, tags, even record ids), matched as a reader sees them (see
//! [`matcher`]): all rules in one pass, longest match first, so a replacement is never
//! replaced again. A staff record that is a group or team is not a person: only its whole name
//! is matched, never its words one by one.
//!
//! Every record type is destructured field by field below: adding a field to the model without
//! deciding how it is redacted does not compile.

pub mod matcher;

use std::cell::RefCell;

use crate::model::{
    Account, AccountClass, Action, Actor, AltTime, Case, CaseInfo, Figure, FollowUp, Meta,
    Outsider, Postmortem, Source, SourceId, SourceLink, Speaker, Staff, Statement, Through,
};
mod apply;
pub use apply::redact_with;
pub use matcher::{EMAIL_WITHHELD, Hit, LINK_WITHHELD, Matcher, Pattern, Rule, fold};

/// Words that are never name parts on their own: function words, the vocabulary of teams and
/// moderation, and the words Casebook itself prints on a report. A name is still matched whole
/// when one of its parts is such a word ("Mark Page": "Page" alone is not replaced, "Mark Page"
/// is).
const COMMON_WORDS: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "for",
    "to",
    "in",
    "on",
    "at",
    "by",
    "with",
    "from",
    "de",
    "da",
    "di",
    "du",
    "del",
    "della",
    "der",
    "den",
    "la",
    "le",
    "van",
    "von",
    "bin",
    "ibn",
    "jr",
    "sr",
    "ii",
    "iii",
    "iv",
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "team",
    "teams",
    "group",
    "account",
    "accounts",
    "staff",
    "employee",
    "employees",
    "contractor",
    "contractors",
    "vendor",
    "user",
    "users",
    "admin",
    "support",
    "safety",
    "trust",
    "private",
    "public",
    "case",
    "page",
    "report",
    "source",
    "sources",
    "action",
    "actions",
    "statement",
    "statements",
    "timeline",
    "summary",
    "impact",
    "note",
    "notes",
    "exported",
    "redacted",
    "internal",
    "confidential",
    "unknown",
    "system",
    "official",
    "press",
    "link",
    "withheld",
];

/// Whose a rule is: one protected staff member, account or term.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Protected {
    /// What kind of thing it is ("staff", "account", "term").
    pub kind: &'static str,
    /// Who or what it is, as written in the case (shown only to the case's own users).
    pub name: String,
    /// What replaces it.
    pub replacement: String,
}

/// How many replacements a redaction made, per protected person, account and term.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Summary {
    /// Each protected thing and its count, in case order (staff, accounts, terms).
    pub entries: Vec<(Protected, usize)>,
    /// How many web and e-mail addresses were withheld whole.
    pub addresses: usize,
    /// How many internal notes were left out.
    pub internal_notes: usize,
}

impl Summary {
    /// All replacements.
    pub fn total(&self) -> usize {
        self.entries.iter().map(|(_, n)| n).sum()
    }

    /// One line per entry: `Bahtiyar Duysak (staff) → “Contractor A”: 9 replacements`.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> = self
            .entries
            .iter()
            .map(|(p, n)| {
                format!(
                    "{} ({}) → “{}”: {}",
                    p.name,
                    p.kind,
                    p.replacement,
                    crate::model::plural(*n, "replacement", "replacements")
                )
            })
            .collect();
        if self.addresses > 0 {
            out.push(format!(
                "{} withheld whole",
                crate::model::plural(
                    self.addresses,
                    "web or e-mail address",
                    "web or e-mail addresses"
                )
            ));
        }
        if self.internal_notes > 0 {
            out.push(format!(
                "{} left out",
                crate::model::plural(self.internal_notes, "internal note", "internal notes")
            ));
        }
        out
    }
}

/// Something protected found in text that should have none (see [`Redactor::leaks`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leak {
    /// The words as written, with a little context.
    pub context: String,
    /// Whose name it is.
    pub whose: Protected,
}

/// What a redaction removes, and with what it replaces it.
#[derive(Clone, Debug, Default)]
pub struct Redactor {
    /// The rules for text.
    text: Matcher,
    /// The same plus the ids of protected accounts, for record ids.
    ids: Matcher,
    owners: Vec<Protected>,
    /// Replacements per owner, and addresses withheld, counted as text is redacted.
    counts: RefCell<(Vec<usize>, usize, usize)>,
    /// Per staff member (in case order): its owner and the name it is shown by, if protected.
    staff_names: Vec<Option<(usize, String)>>,
    /// Per account (in case order): its owner and replacement handle, if protected.
    account_names: Vec<Option<(usize, String)>>,
    /// Per outside person (in case order): their owner and pseudonym, if protected.
    outsider_names: Vec<Option<(usize, String)>>,
}

/// The rules for a person's name: the whole name, and each part that is not a common word or
/// a word of the replacement.
fn person_rules(name: &str, replacement: &str, owner: usize, rules: &mut Vec<Rule>) {
    let Some(whole) = Pattern::new(name) else {
        return;
    };
    if Some(&whole) == Pattern::new(replacement).as_ref() {
        return;
    }
    let replacement_words = matcher::pieces(replacement);
    let parts = matcher::pieces(name);
    rules.push(Rule {
        pattern: whole,
        replacement: replacement.to_owned(),
        owner,
        handle: false,
    });
    if parts.len() < 2 {
        return;
    }
    // A word of the name that is itself in pieces ("O'Brien", "García-Márquez") is matched
    // whole, so "O'Brien" does not become "O'Engineer C".
    for word in name.split_whitespace() {
        if let Some(pattern) = Pattern::new(word)
            && matcher::pieces(word).len() > 1
        {
            rules.push(Rule {
                pattern,
                replacement: replacement.to_owned(),
                owner,
                handle: false,
            });
        }
    }
    for part in &parts {
        let common = COMMON_WORDS.contains(&part.as_str());
        // A single letter is an initial, a number is not a name.
        let name_like = part.chars().count() >= 2 && part.chars().any(char::is_alphabetic);
        if common || !name_like || replacement_words.contains(part) {
            continue;
        }
        if let Some(pattern) = matcher::pattern_of_pieces(std::slice::from_ref(part)) {
            rules.push(Rule {
                pattern,
                replacement: replacement.to_owned(),
                owner,
                handle: false,
            });
        }
    }
}

/// A rule for a whole name or term, matched only as a whole.
fn whole_rule(text: &str, replacement: &str, owner: usize, rules: &mut Vec<Rule>) {
    if let Some(pattern) = Pattern::new(text)
        && Some(&pattern) != Pattern::new(replacement).as_ref()
    {
        rules.push(Rule {
            pattern,
            replacement: replacement.to_owned(),
            owner,
            handle: false,
        });
    }
}

impl Redactor {
    /// The rules for `case`: its protected staff, protected accounts and also-redact terms.
    pub fn for_case(case: &Case) -> Self {
        let mut rules = Vec::new();
        let mut id_rules = Vec::new();
        let mut owners = Vec::new();
        let mut staff_names = Vec::new();
        let mut unnamed = 0usize;
        for s in &case.staff {
            if !s.is_protected() {
                staff_names.push(None);
                continue;
            }
            let replacement = if s.pseudonym.trim().is_empty() {
                unnamed += 1;
                format!("Staff {}", letters(unnamed))
            } else {
                s.pseudonym.trim().to_owned()
            };
            let owner = owners.len();
            owners.push(Protected {
                kind: if s.group { "group" } else { "staff" },
                name: s.name.trim().to_owned(),
                replacement: replacement.clone(),
            });
            if s.group {
                whole_rule(&s.name, &replacement, owner, &mut rules);
            } else {
                person_rules(&s.name, &replacement, owner, &mut rules);
            }
            staff_names.push(Some((owner, replacement)));
        }
        let mut outsider_names = Vec::new();
        let mut unnamed = 0usize;
        for o in &case.outsiders {
            if !o.is_protected() {
                outsider_names.push(None);
                continue;
            }
            let replacement = if o.pseudonym.trim().is_empty() {
                unnamed += 1;
                format!("Outsider {}", letters(unnamed))
            } else {
                o.pseudonym.trim().to_owned()
            };
            let owner = owners.len();
            owners.push(Protected {
                kind: if o.group { "group" } else { "outside person" },
                name: o.name.trim().to_owned(),
                replacement: replacement.clone(),
            });
            if o.group {
                whole_rule(&o.name, &replacement, owner, &mut rules);
            } else {
                person_rules(&o.name, &replacement, owner, &mut rules);
            }
            outsider_names.push(Some((owner, replacement)));
        }
        let mut account_names = Vec::new();
        let mut private = 0usize;
        for a in &case.accounts {
            if !a.protected {
                account_names.push(None);
                continue;
            }
            private += 1;
            let replacement = format!("Private account {private}");
            let owner = owners.len();
            owners.push(Protected {
                kind: "account",
                name: a.handle.trim().to_owned(),
                replacement: replacement.clone(),
            });
            whole_rule(&a.handle, &replacement, owner, &mut rules);
            if let Some(r) = rules.last_mut().filter(|r| r.owner == owner) {
                r.handle = true;
            }
            if let Some(class) = &a.class {
                whole_rule(&class.description, &replacement, owner, &mut rules);
            }
            person_rules(&a.display_name, &replacement, owner, &mut rules);
            whole_rule(&a.profile_url, &replacement, owner, &mut rules);
            // Its id may spell the handle some other way ("acct-trump"): it goes too.
            whole_rule(
                &a.id.0,
                &format!("acct-private-account-{private}"),
                owner,
                &mut id_rules,
            );
            account_names.push(Some((owner, replacement)));
        }
        for t in &case.info.also_redact {
            let replacement = t.replacement_or_default().to_owned();
            let owner = owners.len();
            owners.push(Protected {
                kind: if t.person { "person" } else { "term" },
                name: t.text.trim().to_owned(),
                replacement: replacement.clone(),
            });
            if t.person {
                person_rules(&t.text, &replacement, owner, &mut rules);
            } else {
                whole_rule(&t.text, &replacement, owner, &mut rules);
            }
        }
        // A rule that would match inside another's replacement is dropped: a replacement is
        // never redacted again, and the leak check must not see one as a name.
        let replacements: Vec<String> = owners
            .iter()
            .map(|o| fold(&o.replacement))
            .chain([fold(LINK_WITHHELD), fold(EMAIL_WITHHELD)])
            .collect::<std::collections::BTreeSet<_>>()
            .into_iter()
            .collect();
        loop {
            let probe = Matcher::new(rules.clone());
            let found: Vec<Pattern> = replacements
                .iter()
                .flat_map(|rep| probe.hits(rep, false))
                .map(|h| probe.rules()[h.rule].pattern.clone())
                .collect();
            if found.is_empty() {
                break;
            }
            rules.retain(|r| !found.contains(&r.pattern));
        }
        id_rules.extend(rules.iter().cloned());
        Self {
            text: Matcher::new(rules),
            ids: Matcher::new(id_rules),
            counts: RefCell::new((vec![0; owners.len()], 0, 0)),
            owners,
            staff_names,
            account_names,
            outsider_names,
        }
    }

    /// The same rules with every replacement wrapped in [`crate::export::svg::MARK_START`] …
    /// [`crate::export::svg::MARK_END`], so a preview can highlight what was replaced. Never
    /// for a written export.
    pub fn marked(mut self) -> Self {
        use crate::export::svg::{MARK_END, MARK_START};
        let mark = |s: &mut String| *s = format!("{MARK_START}{s}{MARK_END}");
        let remark = |m: &Matcher| {
            Matcher::new(
                m.rules()
                    .iter()
                    .cloned()
                    .map(|mut r| {
                        mark(&mut r.replacement);
                        r
                    })
                    .collect(),
            )
        };
        self.text = remark(&self.text);
        self.ids = remark(&self.ids);
        for (_, name) in self
            .staff_names
            .iter_mut()
            .chain(&mut self.account_names)
            .chain(&mut self.outsider_names)
            .flatten()
        {
            mark(name);
        }
        self
    }

    /// Who and what is protected, in case order.
    pub fn protected(&self) -> &[Protected] {
        &self.owners
    }

    /// The rules for text, longest first.
    pub fn rules(&self) -> &[Rule] {
        self.text.rules()
    }

    /// Whether there is anything to redact.
    pub fn is_empty(&self) -> bool {
        self.owners.is_empty()
    }

    /// `text` with every rule applied (web and e-mail addresses holding a name withheld whole).
    pub fn text(&self, text: &str) -> String {
        let (out, hits) = self.text.replace(text, true);
        self.count(&hits, &self.text);
        out
    }

    fn count(&self, hits: &[Hit], matcher: &Matcher) {
        if hits.is_empty() {
            return;
        }
        let mut counts = self.counts.borrow_mut();
        for h in hits {
            let owner = matcher.rules()[h.rule].owner;
            if let Some(n) = counts.0.get_mut(owner) {
                *n += 1;
            }
            if h.replacement == LINK_WITHHELD || h.replacement == EMAIL_WITHHELD {
                counts.1 += 1;
            }
        }
    }

    fn count_owner(&self, owner: Option<usize>) {
        if let Some(o) = owner
            && let Some(n) = self.counts.borrow_mut().0.get_mut(o)
        {
            *n += 1;
        }
    }

    /// The replacements made so far.
    pub fn summary(&self) -> Summary {
        let counts = self.counts.borrow();
        Summary {
            entries: self
                .owners
                .iter()
                .cloned()
                .zip(counts.0.iter().copied())
                .collect(),
            addresses: counts.1,
            internal_notes: counts.2,
        }
    }

    /// Every protected name still in `text` (the leak check: empty for a good redaction).
    pub fn leaks(&self, text: &str) -> Vec<Leak> {
        let chars: Vec<char> = text.chars().collect();
        self.text
            .hits(text, false)
            .into_iter()
            .map(|h| {
                let from = h.start.saturating_sub(20);
                let to = (h.end + 20).min(chars.len());
                let context: String = chars[from..to]
                    .iter()
                    .map(|&c| if c.is_control() { ' ' } else { c })
                    .collect();
                Leak {
                    context: format!(
                        "{}{}{}",
                        if from > 0 { "…" } else { "" },
                        context.trim(),
                        if to < chars.len() { "…" } else { "" }
                    ),
                    whose: self.owners[self.text.rules()[h.rule].owner].clone(),
                }
            })
            .collect()
    }

    fn apply(&self, s: &mut String) {
        if !self.text.is_empty() {
            let new = self.text(s);
            if new != *s {
                *s = new;
            }
        }
    }

    /// A URL field: withheld whole when it names anyone protected.
    fn url(&self, s: &mut String) {
        if self.text.is_empty() {
            return;
        }
        let hits = self.text.hits(s, false);
        if let Some(first) = hits.first() {
            let owner = self.text.rules()[first.rule].owner;
            self.count_owner(Some(owner));
            self.counts.borrow_mut().1 += 1;
            *s = LINK_WITHHELD.to_owned();
        }
    }

    /// A record id (or a reference to one) with every rule applied, the replacement written as
    /// an id ("staff-duysak" → "staff-contractor-a"), so the redacted case still validates and
    /// its references still match.
    fn id(&self, s: &mut String) {
        if self.ids.is_empty() {
            return;
        }
        let hits = self.ids.hits(s, false);
        if hits.is_empty() {
            return;
        }
        let chars: Vec<char> = s.chars().collect();
        let mut out = String::with_capacity(s.len());
        let mut pos = 0;
        for h in &hits {
            out.extend(&chars[pos..h.start]);
            out.push_str(&slug(&h.replacement));
            pos = h.end;
        }
        out.extend(&chars[pos..]);
        *s = out;
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
        let before = notes.len();
        notes.retain(|n| !n.internal);
        self.counts.borrow_mut().2 += before - notes.len();
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

/// A redacted copy of `case` (see the module docs).
pub fn redact(case: &Case) -> Case {
    let r = Redactor::for_case(case);
    redact_with(case, &r)
}

/// A redacted copy of `case` and what was replaced.
pub fn redact_summarised(case: &Case) -> (Case, Summary) {
    let r = Redactor::for_case(case);
    let out = redact_with(case, &r);
    (out, r.summary())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_count_like_spreadsheet_columns() {
        assert_eq!(letters(1), "A");
        assert_eq!(letters(26), "Z");
        assert_eq!(letters(27), "AA");
        assert_eq!(slug("Contractor A"), "contractor-a");
    }
}
