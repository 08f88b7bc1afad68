//! A TOML table kept as written, every key and value with its span, and a serde
//! deserializer over it that still fills `Spanned` values and puts the span of the
//! offending key or value on every error.
//!
//! Rule kinds read their parameters from this: a `[[rule]]` table keeps the keys that are
//! not common to every rule as a [`RawTable`]; `[rules.ID]` changes and `append` are
//! applied to it key by key; only then is it deserialised into the kind's own `Params`
//! type. So the keys a kind takes are declared once, in that type, and an error still
//! points at the exact key in whichever file wrote it.

use super::spanned::Spanned;
use serde::de::{self, value::BorrowedStrDeserializer, DeserializeSeed, IntoDeserializer, Visitor};
use serde::{forward_to_deserialize_any, Deserialize, Deserializer};
use std::fmt;
use std::ops::Range;

#[derive(Debug, Clone)]
pub enum RawValue {
    String(String),
    Integer(i64),
    Float(f64),
    Boolean(bool),
    Array(Vec<Spanned<RawValue>>),
    Table(RawTable),
}

/// Keys in file order.
#[derive(Debug, Clone, Default)]
pub struct RawTable {
    pub entries: Vec<(Spanned<String>, Spanned<RawValue>)>,
}

impl RawTable {
    pub fn get(&self, key: &str) -> Option<&Spanned<RawValue>> {
        self.entries.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
    }

    pub fn get_mut(&mut self, key: &str) -> Option<&mut Spanned<RawValue>> {
        self.entries.iter_mut().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
    }

    /// Sets `key`, replacing its value (and the key's span, so errors point at the change).
    pub fn set(&mut self, key: Spanned<String>, value: Spanned<RawValue>) {
        match self.entries.iter_mut().find(|(k, _)| k.get_ref() == key.get_ref()) {
            Some(slot) => *slot = (key, value),
            None => self.entries.push((key, value)),
        }
    }

    pub fn keys(&self) -> impl Iterator<Item = &Spanned<String>> {
        self.entries.iter().map(|(k, _)| k)
    }

    /// The strings of a list of strings (empty when absent or of another type).
    pub fn strings(&self, key: &str) -> Vec<&Spanned<RawValue>> {
        match self.get(key).map(Spanned::get_ref) {
            Some(RawValue::Array(items)) => {
                items.iter().filter(|v| matches!(v.get_ref(), RawValue::String(_))).collect()
            }
            _ => Vec::new(),
        }
    }

    /// Deserialises the table; `span` is where errors without a key of their own point
    /// (a missing key).
    pub fn deserialize<T: de::DeserializeOwned>(&self, span: Range<usize>) -> Result<T, TableError> {
        let whole = Spanned::new(span, RawValue::Table(self.clone()));
        T::deserialize(ValueDe(&whole))
    }
}

impl RawValue {
    pub fn as_str(&self) -> Option<&str> {
        match self {
            RawValue::String(s) => Some(s),
            _ => None,
        }
    }

    /// Deserialises one value.
    pub fn deserialize<T: de::DeserializeOwned>(v: &Spanned<RawValue>) -> Result<T, TableError> {
        T::deserialize(ValueDe(v))
    }
}

impl<'de> Deserialize<'de> for RawValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RawVisitor)
    }
}

impl<'de> Deserialize<'de> for RawTable {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        match d.deserialize_map(RawVisitor)? {
            RawValue::Table(t) => Ok(t),
            _ => Err(de::Error::custom("expected a table")),
        }
    }
}

struct RawVisitor;

impl<'de> Visitor<'de> for RawVisitor {
    type Value = RawValue;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a TOML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<RawValue, E> {
        Ok(RawValue::Boolean(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<RawValue, E> {
        Ok(RawValue::Integer(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawValue, E> {
        i64::try_from(v).map(RawValue::Integer).map_err(|_| E::custom("integer out of range"))
    }

    fn visit_f64<E>(self, v: f64) -> Result<RawValue, E> {
        Ok(RawValue::Float(v))
    }

    fn visit_str<E>(self, v: &str) -> Result<RawValue, E> {
        Ok(RawValue::String(v.to_owned()))
    }

    fn visit_string<E>(self, v: String) -> Result<RawValue, E> {
        Ok(RawValue::String(v))
    }

    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawValue, A::Error> {
        let mut items = Vec::new();
        while let Some(v) = seq.next_element()? {
            items.push(v);
        }
        Ok(RawValue::Array(items))
    }

    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawValue, A::Error> {
        let mut t = RawTable::default();
        while let Some(Key(k, spanned)) = map.next_key::<Key>()? {
            let v: Spanned<RawValue> = map.next_value()?;
            let k = if spanned { k } else { Spanned::new(v.span(), k.into_inner()) };
            t.entries.push((k, v));
        }
        Ok(RawValue::Table(t))
    }
}

/// A key with its span where the TOML parser has one (the last key of a dotted
/// `[[a.b.c]]` header has none; such a key takes its value's span).
struct Key(Spanned<String>, bool);

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde_spanned::__unstable::{END_FIELD, NAME, START_FIELD, VALUE_FIELD};
        struct KeyVisitor;
        impl<'de> Visitor<'de> for KeyVisitor {
            type Value = Key;

            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a key")
            }

            fn visit_str<E>(self, v: &str) -> Result<Key, E> {
                Ok(Key(Spanned::new(0..0, v.to_owned()), false))
            }

            // Read by hand rather than through `Spanned`: some of toml's key deserializers
            // hand the span protocol's field names over as owned strings.
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Key, A::Error> {
                let (mut start, mut end, mut value) = (None, None, None);
                while let Some(k) = map.next_key::<String>()? {
                    match k.as_str() {
                        START_FIELD => start = Some(map.next_value::<usize>()?),
                        END_FIELD => end = Some(map.next_value::<usize>()?),
                        VALUE_FIELD => value = Some(map.next_value::<String>()?),
                        _ => {
                            map.next_value::<de::IgnoredAny>()?;
                        }
                    }
                }
                match (start, end, value) {
                    (Some(s), Some(e), Some(v)) => Ok(Key(Spanned::new(s..e, v), true)),
                    (_, _, Some(v)) => Ok(Key(Spanned::new(0..0, v), false)),
                    _ => Err(de::Error::missing_field(VALUE_FIELD)),
                }
            }
        }
        d.deserialize_struct(NAME, &[START_FIELD, END_FIELD, VALUE_FIELD], KeyVisitor)
    }
}

/// A deserialisation error with the span it concerns. An unknown key keeps its name and
/// the keys the type takes, for a did-you-mean.
#[derive(Debug, Clone)]
pub struct TableError {
    pub message: String,
    pub span: Option<Range<usize>>,
    pub unknown: Option<(String, &'static [&'static str])>,
    pub missing: Option<&'static str>,
}

impl TableError {
    fn at(mut self, span: Range<usize>) -> Self {
        if self.span.is_none() {
            self.span = Some(span);
        }
        self
    }
}

impl fmt::Display for TableError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for TableError {}

impl de::Error for TableError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        TableError { message: msg.to_string(), span: None, unknown: None, missing: None }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let mut e = Self::custom(format_args!("unknown field `{field}`"));
        e.unknown = Some((field.to_owned(), expected));
        e
    }

    fn missing_field(field: &'static str) -> Self {
        let mut e = Self::custom(format_args!("missing field `{field}`"));
        e.missing = Some(field);
        e
    }
}

/// The deserializer over one value.
#[derive(Clone, Copy)]
struct ValueDe<'a>(&'a Spanned<RawValue>);

impl<'de> Deserializer<'de> for ValueDe<'de> {
    type Error = TableError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TableError> {
        let r = match self.0.get_ref() {
            RawValue::String(s) => visitor.visit_borrowed_str(s),
            RawValue::Integer(i) => visitor.visit_i64(*i),
            RawValue::Float(f) => visitor.visit_f64(*f),
            RawValue::Boolean(b) => visitor.visit_bool(*b),
            RawValue::Array(items) => visitor.visit_seq(Seq(items.iter())),
            RawValue::Table(t) => visitor.visit_map(Map { entries: t.entries.iter(), value: None }),
        };
        r.map_err(|e| e.at(self.0.span()))
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TableError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _: &'static str, v: V) -> Result<V::Value, TableError> {
        v.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _: &'static str,
        _: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TableError> {
        match self.0.get_ref() {
            RawValue::String(s) => {
                visitor.visit_enum(BorrowedStrDeserializer::<TableError>::new(s)).map_err(|e| e.at(self.0.span()))
            }
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TableError> {
        if serde_spanned::__unstable::is_spanned(name, fields) {
            return visitor.visit_map(SpannedMap { span: self.0.span(), value: self, step: 0 });
        }
        self.deserialize_any(visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
        unit unit_struct seq tuple tuple_struct map identifier ignored_any
    }
}

/// The deserializer over a key.
#[derive(Clone, Copy)]
struct KeyDe<'a>(&'a Spanned<String>);

impl<'de> Deserializer<'de> for KeyDe<'de> {
    type Error = TableError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, TableError> {
        visitor.visit_borrowed_str(self.0.get_ref()).map_err(|e: TableError| e.at(self.0.span()))
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, TableError> {
        if serde_spanned::__unstable::is_spanned(name, fields) {
            return visitor.visit_map(SpannedMap { span: self.0.span(), value: self, step: 0 });
        }
        self.deserialize_any(visitor)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf option
        unit unit_struct newtype_struct seq tuple tuple_struct map enum identifier ignored_any
    }
}

struct Seq<'a>(std::slice::Iter<'a, Spanned<RawValue>>);

impl<'de> de::SeqAccess<'de> for Seq<'de> {
    type Error = TableError;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, TableError> {
        match self.0.next() {
            Some(v) => seed.deserialize(ValueDe(v)).map(Some),
            None => Ok(None),
        }
    }
}

type Entry = (Spanned<String>, Spanned<RawValue>);

struct Map<'a> {
    entries: std::slice::Iter<'a, Entry>,
    value: Option<&'a Spanned<RawValue>>,
}

impl<'de> de::MapAccess<'de> for Map<'de> {
    type Error = TableError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, TableError> {
        match self.entries.next() {
            Some((k, v)) => {
                self.value = Some(v);
                seed.deserialize(KeyDe(k)).map(Some).map_err(|e| e.at(k.span()))
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TableError> {
        match self.value.take() {
            Some(v) => seed.deserialize(ValueDe(v)).map_err(|e| e.at(v.span())),
            None => Err(de::Error::custom("value without a key")),
        }
    }
}

/// Feeds `Spanned`'s visitor its start, end and value.
struct SpannedMap<D> {
    span: Range<usize>,
    value: D,
    step: u8,
}

impl<'de, D: Deserializer<'de, Error = TableError> + Copy> de::MapAccess<'de> for SpannedMap<D> {
    type Error = TableError;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, TableError> {
        use serde_spanned::__unstable::{END_FIELD, START_FIELD, VALUE_FIELD};
        let key = match self.step {
            0 => START_FIELD,
            1 => END_FIELD,
            2 => VALUE_FIELD,
            _ => return Ok(None),
        };
        seed.deserialize(BorrowedStrDeserializer::new(key)).map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, TableError> {
        self.step += 1;
        match self.step {
            1 => seed.deserialize(self.span.start.into_deserializer()),
            2 => seed.deserialize(self.span.end.into_deserializer()),
            _ => seed.deserialize(self.value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Params {
        labels: Vec<Spanned<String>>,
        #[serde(default)]
        threshold: Option<Spanned<f64>>,
        #[serde(default)]
        section: Vec<Section>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Section {
        name: String,
    }

    fn table(src: &str) -> RawTable {
        toml::from_str(src).unwrap()
    }

    #[test]
    fn spans_survive_the_round_trip() {
        let src = "labels = [\"执行率\"]\nthreshold = 85\n[[section]]\nname = \"一\"\n";
        let p: Params = table(src).deserialize(0..0).unwrap();
        assert_eq!(&src[p.labels[0].span()], "\"执行率\"");
        assert_eq!(*p.threshold.as_ref().unwrap().get_ref(), 85.0);
        assert_eq!(&src[p.threshold.unwrap().span()], "85");
        assert_eq!(p.section[0].name, "一");
    }

    #[test]
    fn an_unknown_key_points_at_itself() {
        let src = "labels = []\n[[section]]\nname = \"一\"\ntitle = \"x\"\n";
        let e = table(src).deserialize::<Params>(0..0).unwrap_err();
        assert_eq!(&src[e.span.unwrap()], "title");
        assert_eq!(e.unknown.unwrap().0, "title");
    }

    #[test]
    fn a_wrong_type_points_at_the_value_and_a_missing_key_at_the_table() {
        let src = "labels = [\"a\", 3]\n";
        let e = table(src).deserialize::<Params>(0..0).unwrap_err();
        assert_eq!(&src[e.span.unwrap()], "3");
        let e = table("threshold = 1\n").deserialize::<Params>(7..9).unwrap_err();
        assert_eq!((e.span, e.missing), (Some(7..9), Some("labels")));
    }
}
