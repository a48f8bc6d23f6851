//! NB302: 表三：（七）总计 ≠ 各办理结果之和.
//! The sums themselves are declared in the edition templates; see [`super::arith`].

use super::{arith, Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub struct Nb302;

impl Rule for Nb302 {
    fn code(&self) -> &'static str {
        "NB302"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        arith::run(self, cx, out);
    }
}
