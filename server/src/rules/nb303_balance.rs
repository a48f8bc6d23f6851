//! NB303: 表三勾稽关系：一 + 二 ≠ （七）总计 + 四.
//! The sums themselves are declared in the edition templates; see [`super::arith`].

use super::{arith, Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub struct Nb303;

impl Rule for Nb303 {
    fn code(&self) -> &'static str {
        "NB303"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        arith::run(self, cx, out);
    }
}
