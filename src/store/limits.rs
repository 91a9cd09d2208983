//! Finds text in a case file longer than the case's limit (`model::MAX_TEXT_CHARS`).
//!
//! Runs on text the RON parser has accepted, so it only has to tell strings from comments and
//! character literals in valid RON: `"…"` with escapes, raw strings `r#"…"#`, byte strings,
//! `'c'`, `// …` and nested `/* … */`.

/// Byte offset of the first string literal holding more than `limit` characters (an escape
/// sequence counts as one).
pub fn long_string(text: &str, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let len = b.len();
    let mut i = 0;
    while i < len {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < len && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'/' if b.get(i + 1) == Some(&b'*') => {
                let mut depth = 0usize;
                while i < len {
                    if b[i] == b'/' && b.get(i + 1) == Some(&b'*') {
                        depth += 1;
                        i += 2;
                    } else if b[i] == b'*' && b.get(i + 1) == Some(&b'/') {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
            }
            b'"' => {
                let start = i;
                i += 1;
                let mut chars = 0usize;
                while i < len && b[i] != b'"' {
                    if b[i] == b'\\' {
                        i += 1;
                        if b.get(i) == Some(&b'u') && b.get(i + 1) == Some(&b'{') {
                            while i < len && b[i] != b'}' {
                                i += 1;
                            }
                        }
                        i += 1;
                    } else {
                        i += utf8_len(b[i]);
                    }
                    chars += 1;
                }
                if chars > limit {
                    return Some(start);
                }
                i += 1;
            }
            b'\'' => {
                // A character literal: 'x', '\'', '\u{…}'.
                i += 1;
                if b.get(i) == Some(&b'\\') {
                    i += 1;
                }
                i += b.get(i).map_or(1, |&c| utf8_len(c));
                while i < len && b[i] != b'\'' {
                    i += 1;
                }
                i += 1;
            }
            b'b' | b'r' if i == 0 || !is_ident(b[i - 1]) => {
                let start = i;
                let mut j = i;
                if b[j] == b'b' {
                    j += 1;
                }
                if b.get(j) == Some(&b'r') {
                    j += 1;
                    let hashes = b[j..].iter().take_while(|&&c| c == b'#').count();
                    j += hashes;
                    if b.get(j) == Some(&b'"') {
                        // Raw string: ends at a quote followed by the same number of hashes.
                        j += 1;
                        let mut chars = 0usize;
                        while j < len {
                            if b[j] == b'"'
                                && b.len() >= j + 1 + hashes
                                && b[j + 1..j + 1 + hashes].iter().all(|&c| c == b'#')
                            {
                                break;
                            }
                            j += utf8_len(b[j]);
                            chars += 1;
                        }
                        if chars > limit {
                            return Some(start);
                        }
                        i = j + 1 + hashes;
                        continue;
                    }
                    // A raw identifier (`r#name`) or a plain word starting with r.
                    i = j.max(i + 1);
                    continue;
                }
                if b.get(j) == Some(&b'"') {
                    // A byte string: the quote is handled on the next turn.
                    i = j;
                    continue;
                }
                i += 1;
            }
            c if is_ident(c) => {
                // Skip the rest of a word so a `b` or `r` inside it is not taken for a prefix.
                while i < len && is_ident(b[i]) {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    None
}

fn is_ident(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_'
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

#[cfg(test)]
mod tests {
    use super::long_string;

    #[test]
    fn finds_the_first_long_string_and_counts_characters() {
        let text = r#"(a: "short", b: "ééééé", c: "abcdef")"#;
        assert_eq!(long_string(text, 5), Some(text.find("\"abcdef").unwrap()));
        assert_eq!(long_string(text, 6), None);
        // Escapes count as one character each.
        assert_eq!(long_string(r#"(a: "\n\n\u{1F600}\"")"#, 4), None);
        assert_eq!(long_string(r#"(a: "\n\n\u{1F600}\"x")"#, 4), Some(4));
    }

    #[test]
    fn comments_chars_and_raw_strings_are_told_apart() {
        let text = "// \"not a string at all\"\n/* \"nor /* nested */ this\" */ (q: '\"', r: r#\"a \"quoted\" b\"#, s: \"x\")";
        assert_eq!(long_string(text, 1), Some(text.find("r#").unwrap()));
        assert_eq!(long_string(text, 14), None);
        let text = "(r#type: \"ab\", bar: b\"abc\", rr: br\"abcd\")";
        assert_eq!(long_string(text, 3), Some(text.find("br").unwrap()));
        assert_eq!(long_string(text, 2), Some(text.find("\"abc").unwrap()));
    }
}
