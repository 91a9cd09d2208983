//! Finding protected names in text as a reader sees it, and replacing them in one pass.
//!
//! Text is compared in a *folded* form: Unicode compatibility forms decomposed (NFKD, so
//! full-width `Ｄｕｙｓａｋ` is `duysak`), diacritics dropped (`Duysák`), case folded (`DUYSAK`,
//! `ß` as `ss`), Turkish `ı`/`İ` read as `i`, a few letters without a decomposition spelled as
//! a reader would (`ł` → `l`, `ø` → `o`, `æ` → `ae`), every kind of dash, apostrophe and space
//! read as one, and invisible characters (zero-width spaces and joiners, soft hyphens, direction
//! marks) ignored. Every folded character remembers the original character it came from, so a
//! match is replaced exactly where it was written and everything around it is left as it was.
//!
//! A [`Pattern`] is a name split into its alphanumeric pieces: `Bahtiyar Duysak` matches
//! `Bahtiyar Duysak`, `bahtiyar_duysak`, `BahtiyarDuysak` and `Bahtiyar\nDuysak` (up to three
//! separators, or none, between pieces). At an end whose piece has four or more letters, the
//! pattern also matches inside a longer word (`Duysaks`, `duysakb`), and the whole word is
//! replaced; at an end with a shorter piece it must be a whole word, so `Ann` leaves `annual`
//! alone. A match inside a web address or an e-mail address replaces the whole address.
//!
//! No egui, no file system: plain functions over strings.

use rustc_hash::FxHashMap as HashMap;

use unicode_normalization::UnicodeNormalization as _;
use unicode_normalization::char::is_combining_mark;

/// What replaces a web address that contains a protected name.
pub const LINK_WITHHELD: &str = "[link withheld]";
/// What replaces an e-mail address that contains a protected name.
pub const EMAIL_WITHHELD: &str = "[e-mail withheld]";

/// A piece of a name has this many letters or more to be matched inside longer words.
pub const INSIDE_WORD_LETTERS: usize = 4;
/// The most separator characters allowed between two pieces of a name.
const MAX_SEPARATORS: usize = 3;
/// A match inside a word replaces the whole word, unless the word is longer than this on
/// either side (text with no spaces at all): then only the match is replaced.
const MAX_WORD_EXTENSION: usize = 40;

/// Characters a reader does not see.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{115F}'
            | '\u{1160}'
            | '\u{17B4}'
            | '\u{17B5}'
            | '\u{180B}'..='\u{180F}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}'
            | '\u{FE00}'..='\u{FE0F}'
            | '\u{FEFF}'
            | '\u{FFA0}'
            | '\u{1D173}'..='\u{1D17A}'
            | '\u{E0000}'..='\u{E007F}'
    )
}

/// Calls `push` with the folded form of `c` (zero, one or more characters).
pub fn fold_char(c: char, push: &mut impl FnMut(char)) {
    if is_invisible(c) {
        return;
    }
    match c {
        // Turkish dotless and dotted i are the reader's i (İ also decomposes, ı does not).
        'ı' | 'İ' => return push('i'),
        'ł' | 'Ł' => return push('l'),
        'ø' | 'Ø' => return push('o'),
        'đ' | 'Đ' | 'ð' | 'Ð' => return push('d'),
        'ħ' | 'Ħ' => return push('h'),
        'ß' | 'ẞ' => {
            push('s');
            return push('s');
        }
        'æ' | 'Æ' => {
            push('a');
            return push('e');
        }
        'œ' | 'Œ' => {
            push('o');
            return push('e');
        }
        'þ' | 'Þ' => {
            push('t');
            return push('h');
        }
        _ => {}
    }
    if c.is_ascii() {
        return push(c.to_ascii_lowercase());
    }
    for d in std::iter::once(c).nfkd() {
        if is_combining_mark(d) || is_invisible(d) {
            continue;
        }
        if d.is_whitespace() {
            push(' ');
            continue;
        }
        match d {
            '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{FE58}' | '\u{FE63}' | '\u{FF0D}' => {
                push('-');
                continue;
            }
            '\u{2018}' | '\u{2019}' | '\u{201B}' | '\u{02BC}' | '\u{2032}' | '\u{FF07}' => {
                push('\'');
                continue;
            }
            'ı' => {
                push('i');
                continue;
            }
            _ => {}
        }
        for l in d.to_lowercase() {
            match l {
                'ς' => push('σ'),
                'ß' => {
                    push('s');
                    push('s');
                }
                l => push(l),
            }
        }
    }
}

/// `text` folded (see the module docs).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut |f| out.push(f));
    }
    out
}

/// The alphanumeric pieces of `text`, folded: "Bahtıyar  O'Brien-Duysak" → bahtiyar, o, brien,
/// duysak.
pub fn pieces(text: &str) -> Vec<String> {
    fold(text)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A name (or term) to find: its folded pieces, in order.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Pattern {
    pieces: Vec<Vec<char>>,
}

impl Pattern {
    /// The pattern for `text`; `None` when it has no letters or digits.
    pub fn new(text: &str) -> Option<Self> {
        let pieces: Vec<Vec<char>> = pieces(text)
            .into_iter()
            .map(|p| p.chars().collect())
            .collect();
        (!pieces.is_empty()).then_some(Self { pieces })
    }

    /// The pattern of already folded pieces.
    fn of_pieces(pieces: &[String]) -> Option<Self> {
        let pieces: Vec<Vec<char>> = pieces
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| p.chars().collect())
            .collect();
        (!pieces.is_empty()).then_some(Self { pieces })
    }

    /// The pieces joined by spaces ("bahtiyar duysak"): a readable key.
    pub fn key(&self) -> String {
        self.pieces
            .iter()
            .map(|p| p.iter().collect::<String>())
            .collect::<Vec<_>>()
            .join(" ")
    }

    fn first_char(&self) -> char {
        self.pieces[0][0]
    }

    fn letters(&self) -> usize {
        self.pieces.iter().map(Vec::len).sum()
    }

    /// Whether the first (last) piece is long enough to be matched inside a word.
    fn open_start(&self) -> bool {
        self.pieces[0].len() >= INSIDE_WORD_LETTERS
    }
    fn open_end(&self) -> bool {
        self.pieces[self.pieces.len() - 1].len() >= INSIDE_WORD_LETTERS
    }

    /// The end (exclusive) of a match starting at `start` in `folded`, if there is one.
    fn match_at(&self, folded: &[char], start: usize) -> Option<usize> {
        if !self.open_start() && start > 0 && folded[start - 1].is_alphanumeric() {
            return None;
        }
        let mut i = start;
        for (n, piece) in self.pieces.iter().enumerate() {
            if n > 0 {
                // Up to MAX_SEPARATORS separators, or none; the shortest way that fits.
                let mut found = None;
                for skip in 0..=MAX_SEPARATORS {
                    if skip > 0 {
                        match folded.get(i + skip - 1) {
                            Some(c) if !c.is_alphanumeric() => {}
                            _ => break,
                        }
                    }
                    if folded.get(i + skip..i + skip + piece.len()) == Some(piece.as_slice()) {
                        found = Some(i + skip + piece.len());
                        break;
                    }
                }
                i = found?;
            } else {
                if folded.get(i..i + piece.len()) != Some(piece.as_slice()) {
                    return None;
                }
                i += piece.len();
            }
        }
        if !self.open_end() && folded.get(i).is_some_and(|c| c.is_alphanumeric()) {
            return None;
        }
        Some(i)
    }
}

/// One rule: a pattern and what replaces it. `owner` says whose it is (for the summary).
#[derive(Clone, Debug)]
pub struct Rule {
    pub pattern: Pattern,
    pub replacement: String,
    pub owner: usize,
    /// A handle: an `@` written just before it goes with it ("@smallcryptofan" → "Private
    /// account 1", not "@Private account 1").
    pub handle: bool,
}

/// A match in the original text: character positions `[start, end)`, the rule, and what
/// replaces it (the rule's replacement, or a withheld link or e-mail address).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    pub start: usize,
    pub end: usize,
    pub rule: usize,
    pub replacement: String,
}

/// A set of rules applied together, longest match first, in one pass.
#[derive(Clone, Debug, Default)]
pub struct Matcher {
    rules: Vec<Rule>,
    /// Rules by the first character of their first piece.
    by_first: HashMap<char, Vec<usize>>,
}

impl Matcher {
    pub fn new(mut rules: Vec<Rule>) -> Self {
        // Longest first, so at one position the longest rule is tried first (and ties go to
        // the earlier owner).
        rules.sort_by(|a, b| {
            b.pattern
                .letters()
                .cmp(&a.pattern.letters())
                .then(a.owner.cmp(&b.owner))
        });
        // The same pattern twice (a part two people share) is tried once: the first owner's.
        let mut seen = rustc_hash::FxHashSet::default();
        rules.retain(|r| seen.insert(r.pattern.clone()));
        let mut by_first: HashMap<char, Vec<usize>> = HashMap::default();
        for (i, r) in rules.iter().enumerate() {
            by_first.entry(r.pattern.first_char()).or_default().push(i);
        }
        Self { rules, by_first }
    }

    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Every match in `text`, left to right, not overlapping; `links` says whether a match
    /// inside a web or e-mail address takes the whole address.
    pub fn hits(&self, text: &str, links: bool) -> Vec<Hit> {
        if self.rules.is_empty() || text.is_empty() {
            return Vec::new();
        }
        let original: Vec<char> = text.chars().collect();
        let mut folded = Vec::with_capacity(original.len());
        let mut origin = Vec::with_capacity(original.len());
        for (i, &c) in original.iter().enumerate() {
            fold_char(c, &mut |f| {
                folded.push(f);
                origin.push(i);
            });
        }
        let mut raw: Vec<Hit> = Vec::new();
        let mut i = 0;
        while i < folded.len() {
            let mut best: Option<(usize, usize)> = None;
            if let Some(candidates) = self.by_first.get(&folded[i]) {
                for &r in candidates {
                    if let Some(end) = self.rules[r].pattern.match_at(&folded, i)
                        && best.is_none_or(|(_, e)| end > e)
                    {
                        best = Some((r, end));
                    }
                }
            }
            match best {
                Some((r, end)) => {
                    let mut start = origin[i];
                    if self.rules[r].handle && start > 0 && original[start - 1] == '@' {
                        start -= 1;
                    }
                    let stop = origin[end - 1] + 1;
                    raw.push(Hit {
                        start,
                        end: stop,
                        rule: r,
                        replacement: self.rules[r].replacement.clone(),
                    });
                    // Continue after the original characters the match covered.
                    i = end;
                    while i < folded.len() && origin[i] < stop {
                        i += 1;
                    }
                }
                None => i += 1,
            }
        }
        if raw.is_empty() {
            return raw;
        }
        // Whole words: a match that starts or ends inside a word takes the word.
        for hit in &mut raw {
            let mut s = hit.start;
            while s > 0 && original[s - 1].is_alphanumeric() && hit.start - s < MAX_WORD_EXTENSION {
                s -= 1;
            }
            let mut e = hit.end;
            while e < original.len()
                && original[e].is_alphanumeric()
                && e - hit.end < MAX_WORD_EXTENSION
            {
                e += 1;
            }
            let whole_start = s == 0 || !original[s - 1].is_alphanumeric();
            let whole_end = e == original.len() || !original[e].is_alphanumeric();
            if whole_start && whole_end {
                hit.start = s;
                hit.end = e;
            }
        }
        if links {
            for (start, end, kind) in addresses(&original) {
                let inside: Vec<usize> = raw
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| h.start < end && h.end > start)
                    .map(|(n, _)| n)
                    .collect();
                let Some(&first) = inside.first() else {
                    continue;
                };
                let rule = raw[first].rule;
                let replacement = match kind {
                    Address::Link => LINK_WITHHELD,
                    Address::Email => EMAIL_WITHHELD,
                };
                let s = raw[first].start.min(start);
                let e = inside
                    .iter()
                    .map(|&n| raw[n].end)
                    .max()
                    .unwrap_or(end)
                    .max(end);
                for &n in inside.iter().rev() {
                    raw.remove(n);
                }
                raw.push(Hit {
                    start: s,
                    end: e,
                    rule,
                    replacement: replacement.to_owned(),
                });
            }
            raw.sort_by_key(|h| h.start);
        }
        // Extended words may now touch or overlap: merge them into the first.
        let mut hits: Vec<Hit> = Vec::with_capacity(raw.len());
        for hit in raw {
            match hits.last_mut() {
                Some(last) if hit.start < last.end => last.end = last.end.max(hit.end),
                _ => hits.push(hit),
            }
        }
        hits
    }

    /// `text` with every match replaced, and the matches.
    pub fn replace(&self, text: &str, links: bool) -> (String, Vec<Hit>) {
        let hits = self.hits(text, links);
        if hits.is_empty() {
            return (text.to_owned(), hits);
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        let mut pos = 0;
        for h in &hits {
            out.extend(&chars[pos..h.start]);
            out.push_str(&h.replacement);
            pos = h.end;
        }
        out.extend(&chars[pos..]);
        (out, hits)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Address {
    Link,
    Email,
}

/// The web and e-mail addresses in `text`, as character ranges: runs of non-space characters
/// that start with a scheme (`https://`) or `www.`, or hold an `@` between a name and a dotted
/// domain. Closing punctuation at the end (".", ")", "»") is not part of the address.
fn addresses(text: &[char]) -> Vec<(usize, usize, Address)> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < text.len() {
        if text[i].is_whitespace() {
            i += 1;
            continue;
        }
        let start = i;
        while i < text.len() && !text[i].is_whitespace() {
            i += 1;
        }
        let mut end = i;
        while end > start
            && matches!(
                text[end - 1],
                '.' | ',' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '’' | '”' | '»'
            )
        {
            end -= 1;
        }
        // Opening punctuation before the address ("(https://…").
        let mut s = start;
        while s < end
            && matches!(
                text[s],
                '(' | '[' | '{' | '"' | '\'' | '‘' | '“' | '«' | '<'
            )
        {
            s += 1;
        }
        if s >= end {
            continue;
        }
        let token: String = text[s..end].iter().collect::<String>().to_ascii_lowercase();
        let is_link =
            token.contains("://") || token.starts_with("www.") || token.starts_with("mailto:");
        let is_email = !is_link
            && token
                .split_once('@')
                .is_some_and(|(name, domain)| !name.is_empty() && domain.contains('.'));
        if is_link {
            out.push((s, end, Address::Link));
        } else if is_email {
            out.push((s, end, Address::Email));
        }
    }
    out
}

/// A pattern for pieces already folded (for rules built from name parts).
pub(crate) fn pattern_of_pieces(pieces: &[String]) -> Option<Pattern> {
    Pattern::of_pieces(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher(names: &[(&str, &str)]) -> Matcher {
        Matcher::new(
            names
                .iter()
                .enumerate()
                .filter_map(|(owner, (name, replacement))| {
                    Some(Rule {
                        pattern: Pattern::new(name)?,
                        replacement: (*replacement).to_owned(),
                        owner,
                        handle: false,
                    })
                })
                .collect(),
        )
    }

    fn r(m: &Matcher, text: &str) -> String {
        m.replace(text, true).0
    }

    #[test]
    fn folds_as_a_reader_reads() {
        assert_eq!(fold("Ｄｕｙｓａｋ"), "duysak");
        assert_eq!(fold("Duysák"), "duysak");
        assert_eq!(fold("Bahtıyar"), "bahtiyar");
        assert_eq!(fold("BAHTİYAR"), "bahtiyar");
        assert_eq!(fold("Duy\u{200B}sak"), "duysak");
        assert_eq!(fold("Strauß"), "strauss");
        assert_eq!(fold("Łukasz Ørsted"), "lukasz orsted");
        assert_eq!(fold("O’Brien"), "o'brien");
        assert_eq!(fold("ﬁle"), "file");
    }

    #[test]
    fn a_name_in_every_form_is_found() {
        let m = matcher(&[
            ("Bahtiyar Duysak", "Contractor A"),
            ("Duysak", "Contractor A"),
        ]);
        for text in [
            "Bahtiyar Duysak",
            "@BahtiyarDuysak",
            "bahtiyar_duysak",
            "Bahtiyar\nDuysak",
            "Bahtıyar Duysak",
            "Ｄｕｙｓａｋ",
            "Duysák",
            "DUYSAK",
            "duysakb",
            "Duysaks",
        ] {
            let out = r(&m, text);
            assert!(!fold(&out).contains("duysak"), "{text:?} → {out:?}");
            assert!(out.contains("Contractor A"), "{text:?} → {out:?}");
        }
        assert_eq!(r(&m, "Duysaks lawyer"), "Contractor A lawyer");
        assert_eq!(r(&m, "Duysak’s lawyer"), "Contractor A’s lawyer");
        assert_eq!(r(&m, "@BahtiyarDuysak said"), "@Contractor A said");
    }

    #[test]
    fn short_pieces_are_whole_words_only() {
        let m = matcher(&[("Ann", "Staff A")]);
        assert_eq!(r(&m, "Ann's annual report"), "Staff A's annual report");
        assert_eq!(r(&m, "ANN"), "Staff A");
        assert_eq!(r(&m, "channel"), "channel");
    }

    #[test]
    fn links_and_email_addresses_go_whole() {
        let m = matcher(&[("Duysak", "Contractor A")]);
        assert_eq!(
            r(&m, "See https://example.com/news/bahtiyar-duysak-speaks."),
            "See [link withheld]."
        );
        assert_eq!(
            r(&m, "Mail b.duysak@example.com today"),
            "Mail [e-mail withheld] today"
        );
        assert_eq!(
            r(&m, "(https://example.com/duysak) and Duysak"),
            "([link withheld]) and Contractor A"
        );
        assert_eq!(
            r(&m, "(https://example.com/x) and Duysak"),
            "(https://example.com/x) and Contractor A"
        );
        // An address without the name is left as it is.
        let url = "https://www.nytimes.com/2017/11/02/us/politics/trump-twitter.html";
        assert_eq!(r(&m, url), url);
    }

    #[test]
    fn replacements_are_never_matched_again() {
        let m = matcher(&[("Account", "Private account 1"), ("Private", "X")]);
        assert_eq!(r(&m, "Account"), "Private account 1");
    }

    #[test]
    fn the_longest_match_wins_and_positions_map_back() {
        let m = matcher(&[("Duysak", "P"), ("Bahtiyar Duysak", "Full")]);
        assert_eq!(r(&m, "x Bahtiyar Duysak y"), "x Full y");
        // Full-width and combining forms: the replacement covers exactly the original.
        assert_eq!(r(&m, "«Ｄｕｙｓａｋ»"), "«P»");
        assert_eq!(r(&m, "a Dusak Duysa\u{301}k b"), "a Dusak P b");
    }

    #[test]
    fn text_without_a_match_is_untouched() {
        let m = matcher(&[("Duysak", "P")]);
        for t in [
            "",
            "plain text",
            "İstanbul",
            "日本語のテキスト",
            "a\u{200B}b",
        ] {
            assert_eq!(r(&m, t), t);
        }
    }
}
