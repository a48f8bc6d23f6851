//! NB207: an amount in the `本年收费金额（单位：万元）` column looks like it
//! is in the wrong unit.
//!
//! Flagged: a `元` suffix (the column is in 万元), and implausible
//! magnitudes. The bounds, and why:
//! - ≥ 100000 万元 (10 亿元): beyond the 行政事业性收费 of almost any single
//!   reporting agency; a figure that large is far more likely 元 typed into
//!   the 万元 column (12500 元 written as `12500` reads as 1.25 亿元).
//! - more than 6 decimal places: 6 places in 万元 is one 分, the finest
//!   precision money has; real reports do write amounts to the 分
//!   (平潭综合实验区 2021/2023/2025: `24252.311082`, `5949.088667`), so only
//!   finer digits are flagged, which suggest a value converted twice
//!   (`0.0000125` for 0.125 万元).
//!
//! Only the 2021 `amount` column: the 2019 `采购总金额` takes either unit.

use super::{cells, Context, Rule};
use crate::diagnostic::Diagnostic;
use crate::template::CellKind;
use crate::value::{Unit, Value};
use rust_decimal::Decimal;

/// 10 亿元, in 万元.
const MAX_WAN_YUAN: i64 = 100_000;
const MAX_DECIMALS: u32 = 6;

pub fn check(rule: &Rule, cx: &Context, out: &mut Vec<Diagnostic>) {
    for c in cells::data_cells(cx.analysis) {
        if c.col.kind != CellKind::Amount {
            continue;
        }
        let Value::Number(n) = &c.cell.value else {
            continue;
        };
        let span = c.cell.span.clone();
        if n.unit == Some(Unit::Yuan) {
            let wan = (n.value / Decimal::from(10_000)).normalize();
            let d = rule.diag(span,
                format!(
                    "{}以万元为单位，填写的“{}”带有“元”：应换算为 {} 万元，只填写数字",
                    c.place(),
                    c.cell.text,
                    wan
                ),
            );
            out.push(d.with_replacement(format!("改为 {wan}（万元）"), wan.to_string(), false));
        } else if n.value.abs() >= Decimal::from(MAX_WAN_YUAN) {
            out.push(rule.diag(span,
                format!(
                    "{}以万元为单位，{} 万元即 {} 亿元，数额异常大：是否误按“元”填写？若单位为元，应填写 {}",
                    c.place(),
                    n.value.normalize(),
                    (n.value / Decimal::from(10_000)).normalize(),
                    (n.value / Decimal::from(10_000)).normalize()
                ),
            ));
        } else if n.value.normalize().scale() > MAX_DECIMALS {
            out.push(rule.diag(span,
                format!(
                    "{}以万元为单位，“{}”的小数超过 6 位（精确到不足 1 分）：是否换算有误？",
                    c.place(),
                    c.cell.text
                ),
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::testing::*;

    const FEE: &str = "| 行政事业性收费 | 1.25 |";

    #[test]
    fn yuan_in_the_wan_yuan_column() {
        let text = edit(VALID_2021, FEE, "| 行政事业性收费 | 12500元 |");
        let d = of(&text, "NB207");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "12500元");
        assert!(d[0].message.contains("万元") && d[0].message.contains("1.25"));
        let fix = d[0].fix.as_ref().unwrap();
        assert_eq!(fix.edits[0].new_text, "1.25");
        assert!(!fix.safe);
    }

    #[test]
    fn implausible_magnitudes() {
        let text = edit(VALID_2021, FEE, "| 行政事业性收费 | 125000 |");
        let d = of(&text, "NB207");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(at(&text, &d[0]), "125000");
        assert!(d[0].message.contains("12.5 亿元") && d[0].message.contains("元"));
        let text = edit(VALID_2021, FEE, "| 行政事业性收费 | 0.0000125 |");
        let d = of(&text, "NB207");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert!(d[0].message.contains("小数超过 6 位"));
    }

    #[test]
    fn plausible_amounts_and_other_columns_are_fine() {
        assert!(of(VALID_2021, "NB207").is_empty());
        // Amounts to the 分, as real reports write them (平潭 2021, 2025).
        for ok in ["99999.99", "0.0380", "25.1万元", "24252.311082", "4166.241619"] {
            let text = edit(VALID_2021, FEE, &format!("| 行政事业性收费 | {ok} |"));
            assert!(of(&text, "NB207").is_empty(), "{ok}");
        }
        // 采购总金额 (2019) may be written in 元.
        let text = edit(VALID_2019, "| 政府集中采购 | 0 | 0 |", "| 政府集中采购 | 3 | 251000元 |");
        assert!(of(&text, "NB207").is_empty());
    }
}
