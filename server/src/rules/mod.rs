//! The rule catalogue of docs/format.md §4: one file per code. Each rule reads the
//! bound [`Analysis`] and pushes diagnostics; the engine in [`crate::check`]
//! then applies suppressions and `nianbao.toml` severities. A rule's code,
//! severity and title are data in `knowledge/rules.toml`; its file holds only
//! its check, listed in `rules!` below.

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::knowledge::{self, RuleDoc};
use crate::text::Span;
use std::sync::OnceLock;

pub mod arith;
pub mod cells;
pub(crate) mod explain;
pub mod fixes;
pub mod prose;
#[cfg(test)]
pub mod testing;

/// A rule: its entry in the catalogue (`knowledge/rules.toml`, the one
/// source of its code, severity and title) and the check that implements it.
pub struct Rule {
    doc: &'static RuleDoc,
    run: Check,
}

/// A rule's check: reads the context, pushes the rule's diagnostics.
type Check = fn(&Rule, &Context, &mut Vec<Diagnostic>);

impl Rule {
    pub fn code(&self) -> &'static str {
        &self.doc.code
    }

    /// The severity the catalogue gives the rule.
    pub fn severity(&self) -> Severity {
        self.doc.severity
    }

    pub fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        (self.run)(self, cx, out)
    }

    /// A diagnostic of this rule with the catalogue severity.
    pub fn diag(&self, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(self.code(), self.severity(), span, message)
    }
}

/// What a rule sees.
pub struct Context<'a> {
    pub analysis: &'a Analysis<'a>,
    /// The report named by `上年报告`, when it could be read.
    pub previous: Option<&'a Analysis<'a>>,
    /// Why `上年报告` could not be used (span of the value, message).
    pub previous_error: Option<(Span, String)>,
    /// The parts an aggregate report declares (`汇总`), when it does.
    pub parts: Option<PartsCx<'a>>,
}

/// An aggregate's parts as the rules see them (NB307).
pub struct PartsCx<'a> {
    /// The `汇总` value in the front matter.
    pub span: Span,
    pub parts: &'a [(
        &'a std::sync::Arc<crate::diagnostic::OtherFile>,
        &'a Analysis<'a>,
    )],
    /// For each part: it came from a folder listing (not named itself).
    pub listed: &'a [bool],
    /// Parts that could not be used, with the reason.
    pub errors: &'a [String],
}

/// The rule modules, each named after its code (`nb302_…` checks NB302)
/// and exposing a [`Check`] named `check`.
macro_rules! rules {
    ($($module:ident),* $(,)?) => {
        $(pub mod $module;)*
        const REGISTERED: &[(&str, Check)] = &[$((stringify!($module), $module::check)),*];
    };
}

rules! {
    nb001_syntax,
    nb002_suppression_reason,
    nb003_unused_suppression,
    nb101_front_matter,
    nb102_year_unknown,
    nb103_edition_conflict,
    nb104_pre_2019,
    nb110_missing_section,
    nb111_duplicate_section,
    nb112_section_order,
    nb113_section_numeral,
    nb114_section_title,
    nb120_missing_table,
    nb121_unknown_table,
    nb122_table_header,
    nb123_unknown_row,
    nb124_missing_row,
    nb125_duplicate_row,
    nb126_row_order,
    nb127_cell_count,
    nb128_row_variant,
    nb129_local_addition,
    nb201_blank_cell,
    nb202_placeholder,
    nb203_not_a_number,
    nb204_negative,
    nb205_fraction,
    nb206_group_values,
    nb207_amount_unit,
    nb208_full_width_digits,
    nb301_applicant_total,
    nb302_results_total,
    nb303_balance,
    nb304_review_total,
    nb305_carry_over,
    nb306_roll_forward,
    nb307_aggregate,
    nb401_empty_problems,
    nb402_fee_report,
    nb403_period_year,
    nb404_prose_numbers,
    nb405_unfinished,
}

/// Every rule, in registration order (the catalogue's, tested).
pub fn all() -> &'static [Rule] {
    static ALL: OnceLock<Vec<Rule>> = OnceLock::new();
    ALL.get_or_init(|| {
        REGISTERED
            .iter()
            .map(|&(module, run)| {
                let code = module.split('_').next().unwrap_or(module);
                let doc = knowledge::rule_doc(code)
                    .unwrap_or_else(|| panic!("rules::{module} names no code of rules.toml"));
                Rule { doc, run }
            })
            .collect()
    })
}

/// The registered rule of a code (exact, `NB302`).
pub fn by_code(code: &str) -> Option<&'static Rule> {
    all().iter().find(|r| r.code() == code)
}

/// NB003: suppressions that silenced nothing. Runs after the other rules,
/// since it needs their results (see `nb003_unused_suppression`).
pub fn unused_suppressions(
    sups: &[crate::suppress::Suppression],
    used: &[bool],
    out: &mut Vec<Diagnostic>,
) {
    if let Some(rule) = by_code("NB003") {
        nb003_unused_suppression::report(rule, sups, used, out);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_registered_rules_are_exactly_the_catalogue() {
        // Every code of rules.toml has exactly one rule and every rule a
        // code, in the same order: a rule left out of `rules!` fails here.
        let registered: Vec<&str> = all().iter().map(Rule::code).collect();
        let catalogue: Vec<&str> = knowledge::rule_docs()
            .iter()
            .map(|d| d.code.as_str())
            .collect();
        pretty_assertions::assert_eq!(registered, catalogue);
    }
}
