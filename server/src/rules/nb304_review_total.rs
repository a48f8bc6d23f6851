//! NB304: 表四：一行的总计 ≠ 结果维持 + 结果纠正 + 其他结果 + 尚未审结.
//! The sums themselves are declared in the edition templates; see [`super::arith`].

use super::{arith, Context, Rule};
use crate::diagnostic::{Diagnostic, Severity};

pub struct Nb304;

impl Rule for Nb304 {
    fn code(&self) -> &'static str {
        "NB304"
    }
    fn severity(&self) -> Severity {
        Severity::Error
    }
    fn check(&self, cx: &Context, out: &mut Vec<Diagnostic>) {
        arith::run(self, cx, out);
    }
}
