//! The rule catalogue of docs/format.md §4: one file per code. Each rule reads the
//! bound [`Analysis`] and pushes diagnostics; the engine in [`crate::check`]
//! then applies suppressions and `nianbao.toml` severities.

use crate::analysis::Analysis;
use crate::diagnostic::{Diagnostic, Severity};
use crate::text::Span;

pub mod arith;
pub mod cells;
pub(crate) mod explain;
pub mod fixes;
pub mod prose;
#[cfg(test)]
pub mod testing;

pub trait Rule: Sync + Send {
    fn code(&self) -> &'static str;
    /// The severity the catalogue gives the rule.
    fn severity(&self) -> Severity;
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>);
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
        Analysis<'a>,
    )],
    /// For each part: it came from a folder listing (not named itself).
    pub listed: &'a [bool],
    /// Parts that could not be used, with the reason.
    pub errors: &'a [String],
}

impl Context<'_> {
    /// A diagnostic of `rule` with the catalogue severity.
    pub fn diag(&self, rule: &dyn Rule, span: Span, message: impl Into<String>) -> Diagnostic {
        Diagnostic::new(rule.code(), rule.severity(), span, message)
    }
}

macro_rules! rules {
    ($($module:ident :: $ty:ident),* $(,)?) => {
        $(pub mod $module;)*
        /// Every rule, in catalogue order.
        pub fn all() -> &'static [&'static dyn Rule] {
            &[$(&$module::$ty),*]
        }
    };
}

rules! {
    nb001_syntax::Nb001,
    nb002_suppression_reason::Nb002,
    nb003_unused_suppression::Nb003,
    nb101_front_matter::Nb101,
    nb102_year_unknown::Nb102,
    nb103_edition_conflict::Nb103,
    nb104_pre_2019::Nb104,
    nb110_missing_section::Nb110,
    nb111_duplicate_section::Nb111,
    nb112_section_order::Nb112,
    nb113_section_numeral::Nb113,
    nb114_section_title::Nb114,
    nb120_missing_table::Nb120,
    nb121_unknown_table::Nb121,
    nb122_table_header::Nb122,
    nb123_unknown_row::Nb123,
    nb124_missing_row::Nb124,
    nb125_duplicate_row::Nb125,
    nb126_row_order::Nb126,
    nb127_cell_count::Nb127,
    nb128_row_variant::Nb128,
    nb129_local_addition::Nb129,
    nb201_blank_cell::Nb201,
    nb202_placeholder::Nb202,
    nb203_not_a_number::Nb203,
    nb204_negative::Nb204,
    nb205_fraction::Nb205,
    nb206_group_values::Nb206,
    nb207_amount_unit::Nb207,
    nb208_full_width_digits::Nb208,
    nb301_applicant_total::Nb301,
    nb302_results_total::Nb302,
    nb303_balance::Nb303,
    nb304_review_total::Nb304,
    nb305_carry_over::Nb305,
    nb306_roll_forward::Nb306,
    nb307_aggregate::Nb307,
    nb401_empty_problems::Nb401,
    nb402_fee_report::Nb402,
    nb403_period_year::Nb403,
    nb404_prose_numbers::Nb404,
    nb405_unfinished::Nb405,
}

/// NB003: suppressions that silenced nothing. Runs after the other rules,
/// since it needs their results (see `nb003_unused_suppression`).
pub fn unused_suppressions(
    cx: &Context,
    sups: &[crate::suppress::Suppression],
    used: &[bool],
    out: &mut Vec<Diagnostic>,
) {
    if let Some(rule) = all().iter().find(|r| r.code() == "NB003") {
        nb003_unused_suppression::report(*rule, cx, sups, used, out);
    }
}

/// The catalogue severity of a code.
pub fn severity_of(code: &str) -> Option<Severity> {
    all()
        .iter()
        .find(|r| r.code() == code)
        .map(|r| r.severity())
}
