//! NB301: 表三：一行的总计 ≠ 各类申请人之和.
//! The sums themselves are declared in the edition templates; see [`super::arith`].

use super::{arith, Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub struct Nb301;

impl Rule for Nb301 {
    fn code(&self) -> &'static str {
        "NB301"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        arith::run(self, cx, out);
    }
}
