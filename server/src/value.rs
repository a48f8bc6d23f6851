//! Reading a value cell: numbers, blanks, placeholders and units. Exact
//! decimals throughout (never floating point).

use crate::template::CellKind;
use rust_decimal::Decimal;
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Nothing written.
    Blank,
    /// `/`, `-`, `—`, `无`, …: counted as 0 (with a warning).
    Placeholder,
    /// A number, possibly with a unit suffix.
    Number(Number),
    /// Anything else.
    Invalid,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number {
    pub value: Decimal,
    /// Written with full-width digits (`１２`).
    pub full_width: bool,
    /// Written with an explicit sign (`+2`).
    pub signed: bool,
    /// A unit suffix (`元`, `万元`).
    pub unit: Option<Unit>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    Yuan,
    WanYuan,
}

pub const PLACEHOLDERS: &[&str] = &["/", "／", "-", "－", "—", "——", "–", "无", "\\", "、"];

impl Value {
    pub fn parse(text: &str) -> Value {
        let t = text.trim();
        if t.is_empty() {
            return Value::Blank;
        }
        if PLACEHOLDERS.contains(&t) {
            return Value::Placeholder;
        }
        match parse_number(t) {
            Some(n) => Value::Number(n),
            None => Value::Invalid,
        }
    }

    /// The amount this cell contributes to a sum: placeholders count as 0;
    /// blanks and unreadable cells are unknown, so sums through them are not
    /// checked (their own diagnostics say what is wrong).
    pub fn amount(&self) -> Option<Decimal> {
        match self {
            Value::Number(n) => Some(match n.unit {
                Some(Unit::Yuan) => n.value / Decimal::from(10_000),
                _ => n.value,
            }),
            Value::Placeholder => Some(Decimal::ZERO),
            Value::Blank | Value::Invalid => None,
        }
    }
}

fn parse_number(t: &str) -> Option<Number> {
    let mut full_width = false;
    // Nearly every cell is ASCII, which the mapping below leaves as it is.
    if t.is_ascii() {
        return parse_ascii_number(t, full_width);
    }
    let mut s = String::with_capacity(t.len());
    for ch in t.chars() {
        let c = match ch {
            '０'..='９' => {
                full_width = true;
                char::from_u32(ch as u32 - 0xfee0)?
            }
            '．' => {
                full_width = true;
                '.'
            }
            '＋' => '+',
            '－' | '−' => '-',
            c => c,
        };
        s.push(c);
    }
    parse_ascii_number(&s, full_width)
}

/// [`parse_number`] once full-width digits and signs are ASCII.
fn parse_ascii_number(s: &str, full_width: bool) -> Option<Number> {
    let (body, unit) = if let Some(b) = s.strip_suffix("万元") {
        (b.trim_end(), Some(Unit::WanYuan))
    } else if let Some(b) = s.strip_suffix('元') {
        (b.trim_end(), Some(Unit::Yuan))
    } else {
        (s, None)
    };
    let signed = body.starts_with('+') || body.starts_with('-');
    let digits = body.trim_start_matches(['+', '-']);
    if digits.is_empty() || !digits.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let mut value = magnitude(digits)?;
    if body.starts_with('-') {
        value = -value;
    }
    Some(Number {
        value,
        full_width,
        signed,
        unit,
    })
}

/// The number an unsigned run of ASCII digits (with thousands separators
/// and a decimal point) stands for; None when it is not one.
fn magnitude(digits: &str) -> Option<Decimal> {
    // Most cells are a small plain integer: read it without the general path.
    if digits.len() <= 18 && digits.bytes().all(|b| b.is_ascii_digit()) {
        return digits.parse::<u64>().ok().map(Decimal::from);
    }
    // Thousands separators are accepted only where they group correctly.
    let plain: String = if digits.contains(',') {
        let int_part = digits.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int_part.split(',').collect();
        let ok = groups[0].len() <= 3
            && !groups[0].is_empty()
            && groups[1..].iter().all(|g| g.len() == 3);
        if !ok {
            return None;
        }
        digits.replace(',', "")
    } else {
        digits.to_string()
    };
    let plain = plain.as_str();
    if !plain.chars().all(|c| c.is_ascii_digit() || c == '.')
        || plain.matches('.').count() > 1
        || plain.ends_with('.')
    {
        return None;
    }
    Decimal::from_str(plain).ok()
}

/// What is wrong with a value for a cell of a given kind, if anything
/// (besides blanks, placeholders and full-width digits, which the caller
/// handles). Returns the rule code and a Chinese message.
pub fn kind_problem(kind: CellKind, n: &Number) -> Option<(&'static str, String)> {
    let negative = n.value.is_sign_negative() && !n.value.is_zero();
    // A decimal with scale 0 is whole; only others need `fract`.
    let fractional = n.value.scale() > 0 && n.value.fract() != Decimal::ZERO;
    match kind {
        CellKind::Count => {
            if n.unit.is_some() {
                return Some(("NB203", "计数单元格只能填写整数，不能带单位".into()));
            }
            if negative {
                return Some(("NB204", format!("件数不能为负数（填写的是 {}）", n.value)));
            }
            if fractional {
                return Some(("NB205", format!("件数必须是整数（填写的是 {}）", n.value)));
            }
            None
        }
        CellKind::Signed => {
            if n.unit.is_some() {
                return Some((
                    "NB203",
                    "“本年增/减”只能填写带正负号的整数，不能带单位".into(),
                ));
            }
            if fractional {
                return Some(("NB205", format!("增减数必须是整数（填写的是 {}）", n.value)));
            }
            None
        }
        CellKind::Amount => {
            if negative {
                return Some((
                    "NB204",
                    format!("收费金额不能为负数（填写的是 {}）", n.value),
                ));
            }
            None
        }
        CellKind::AmountWithUnit => {
            if negative {
                return Some(("NB204", format!("金额不能为负数（填写的是 {}）", n.value)));
            }
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    #[test]
    fn plain_integers_read_as_the_general_path_reads_them() {
        // The fast path for plain integers must give the very decimal
        // `Decimal::from_str` gives: same value, scale and sign (a `-0` too).
        for s in [
            "0",
            "-0",
            "+0",
            "7",
            "007",
            "+12",
            "-12",
            "1151",
            "999999999999999999",
            "123456789012345678",
            "12万元",
            "-3 元",
        ] {
            let Value::Number(n) = Value::parse(s) else {
                panic!("{s} should be a number")
            };
            let body = s.trim_end_matches(['元', '万', ' ']);
            let mut general = num(body.trim_start_matches(['+', '-']));
            if body.starts_with('-') {
                general = -general;
            }
            assert_eq!(
                (
                    n.value.to_string(),
                    n.value.scale(),
                    n.value.is_sign_negative()
                ),
                (
                    general.to_string(),
                    general.scale(),
                    general.is_sign_negative()
                ),
                "{s}"
            );
        }
        // Longer digit runs still take the general path.
        assert_eq!(
            Value::parse("1234567890123456789").amount(),
            Some(num("1234567890123456789"))
        );
    }

    #[test]
    fn reads_numbers_blanks_and_placeholders() {
        assert_eq!(Value::parse(""), Value::Blank);
        assert_eq!(Value::parse(" / "), Value::Placeholder);
        assert_eq!(Value::parse("无"), Value::Placeholder);
        assert_eq!(Value::parse("1151").amount(), Some(num("1151")));
        assert_eq!(Value::parse("1,151").amount(), Some(num("1151")));
        assert_eq!(Value::parse("1,15"), Value::Invalid);
        assert_eq!(Value::parse("12.35").amount(), Some(num("12.35")));
        assert_eq!(Value::parse("+2").amount(), Some(num("2")));
        assert_eq!(Value::parse("-1").amount(), Some(num("-1")));
        assert_eq!(Value::parse("251000元").amount(), Some(num("25.1")));
        assert_eq!(Value::parse("25.1万元").amount(), Some(num("25.1")));
        assert_eq!(Value::parse("22（其中修订 16 件）"), Value::Invalid);
        assert_eq!(Value::parse("abc"), Value::Invalid);
        assert_eq!(Value::parse("1.").amount(), None);
        let Value::Number(n) = Value::parse("１２") else {
            panic!()
        };
        assert!(n.full_width);
        assert_eq!(n.value, num("12"));
    }

    #[test]
    fn decimal_sums_are_exact() {
        let a = Value::parse("0.1").amount().unwrap() + Value::parse("0.2").amount().unwrap();
        assert_eq!(a, num("0.3"));
    }

    #[test]
    fn kind_problems() {
        let Value::Number(n) = Value::parse("-1") else {
            panic!()
        };
        assert_eq!(kind_problem(CellKind::Count, &n).unwrap().0, "NB204");
        assert!(kind_problem(CellKind::Signed, &n).is_none());
        let Value::Number(n) = Value::parse("1.5") else {
            panic!()
        };
        assert_eq!(kind_problem(CellKind::Count, &n).unwrap().0, "NB205");
        assert!(kind_problem(CellKind::Amount, &n).is_none());
    }
}
