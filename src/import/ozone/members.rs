//! A JSON object's members, borrowed from the file: strings as text (copied only when they hold
//! escapes), everything else as raw JSON read when asked. Reading 100,000 events this way
//! allocates a few times per event instead of once per field.

use std::borrow::Cow;
use std::fmt;

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use serde_json::value::RawValue;

/// One member's value.
pub(crate) enum Member<'a> {
    Str(Cow<'a, str>),
    Raw(&'a RawValue),
}

/// An object's members, in file order.
#[derive(Default)]
pub(crate) struct Members<'a> {
    items: Vec<(Cow<'a, str>, Member<'a>)>,
}

/// Text borrowed from the file when it has no escapes.
struct Text<'a>(Cow<'a, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_str(V)
    }
}

impl<'de> Deserialize<'de> for Members<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Members<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut items = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(Text(key)) = map.next_key::<Text<'de>>()? {
                    let raw: &'de RawValue = map.next_value()?;
                    let value = match raw.get().starts_with('"') {
                        true => match serde_json::from_str::<Text<'de>>(raw.get()) {
                            Ok(Text(s)) => Member::Str(s),
                            Err(_) => Member::Raw(raw),
                        },
                        false => Member::Raw(raw),
                    };
                    items.push((key, value));
                }
                Ok(Members { items })
            }
        }
        deserializer.deserialize_map(V)
    }
}

impl<'a> Members<'a> {
    /// Reads an object (borrowing from `raw`).
    pub(crate) fn parse(raw: &'a RawValue) -> serde_json::Result<Self> {
        serde_json::from_str(raw.get())
    }

    /// A member by name.
    pub(crate) fn get(&self, key: &str) -> Option<&Member<'a>> {
        self.items.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether the object has this member.
    pub(crate) fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members' names.
    pub(crate) fn keys(&self) -> impl Iterator<Item = &str> {
        self.items.iter().map(|(k, _)| k.as_ref())
    }

    /// The members' raw values (strings as raw JSON too), by name.
    pub(crate) fn raw_values(&self) -> impl Iterator<Item = (&str, Option<&'a RawValue>)> {
        self.items.iter().map(|(k, v)| {
            (
                k.as_ref(),
                match v {
                    Member::Raw(r) => Some(*r),
                    Member::Str(_) => None,
                },
            )
        })
    }

    /// A string member, trimmed; `None` if missing, empty or not a string.
    pub(crate) fn text(&self, key: &str) -> Option<&str> {
        match self.get(key)? {
            Member::Str(s) => Some(s.trim()).filter(|s| !s.is_empty()),
            Member::Raw(_) => None,
        }
    }

    /// A raw (non-string) member.
    pub(crate) fn raw(&self, key: &str) -> Option<&'a RawValue> {
        match self.get(key)? {
            Member::Raw(r) if r.get() != "null" => Some(*r),
            _ => None,
        }
    }

    /// An array of strings (other items skipped); empty if missing.
    pub(crate) fn strings(&self, key: &str) -> Vec<String> {
        self.raw(key)
            .and_then(|r| serde_json::from_str::<Vec<serde_json::Value>>(r.get()).ok())
            .map(|items| {
                items
                    .into_iter()
                    .filter_map(|v| match v {
                        serde_json::Value::String(s) => Some(s),
                        _ => None,
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An integer member.
    pub(crate) fn i64(&self, key: &str) -> Option<i64> {
        self.raw(key)
            .and_then(|r| serde_json::from_str(r.get()).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_borrow_and_read() {
        let text =
            r#"{"a":"x","b":"q\"uote","n":72,"l":["p","q",3],"o":{"name":"automod"},"z":null}"#;
        let raw: &RawValue = serde_json::from_str(text).unwrap_or_else(|_| unreachable!());
        let m = Members::parse(raw).unwrap_or_default();
        assert!(matches!(m.get("a"), Some(Member::Str(Cow::Borrowed("x")))));
        assert_eq!(m.text("b"), Some("q\"uote"));
        assert_eq!(m.i64("n"), Some(72));
        assert_eq!(m.strings("l"), ["p", "q"]);
        assert_eq!(m.raw("z").map(RawValue::get), None);
        assert_eq!(m.keys().collect::<Vec<_>>(), ["a", "b", "n", "l", "o", "z"]);
    }
}
