//! Text changes as small edits: the formatter and fix-all produce a new
//! text, and the editor should only see what changed (so cursors, folds and
//! undo history stay put everywhere else).

use crate::text::Span;

/// The replacements turning `old` into `new`: one per changed run of
/// lines, trimmed to what differs, so the editor keeps cursors and folds
/// everywhere else.
pub fn diff<'n>(old: &str, new: &'n str) -> Vec<(Span, &'n str)> {
    let diff = similar::TextDiff::from_lines(old, new);
    let starts = |slices: &[&str]| -> Vec<usize> {
        let mut at = vec![0];
        for s in slices {
            at.push(at[at.len() - 1] + s.len());
        }
        at
    };
    let (o, n) = (starts(diff.old_slices()), starts(diff.new_slices()));
    diff.ops()
        .iter()
        .filter_map(|op| {
            let (tag, or, nr) = op.as_tag_tuple();
            if tag == similar::DiffTag::Equal {
                return None;
            }
            let (os, ns) = (o[or.start], n[nr.start]);
            let (span, text) = minimal_edit(&old[os..o[or.end]], &new[ns..n[nr.end]])?;
            Some((os + span.start..os + span.end, text))
        })
        .collect()
}

/// One replacement turning `old` into `new`: everything between their
/// common prefix and suffix.
pub fn minimal_edit<'n>(old: &str, new: &'n str) -> Option<(Span, &'n str)> {
    if old == new {
        return None;
    }
    let mut pre = old
        .bytes()
        .zip(new.bytes())
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(pre) || !new.is_char_boundary(pre) {
        pre -= 1;
    }
    let max_suf = old.len().min(new.len()) - pre;
    let mut suf = old
        .bytes()
        .rev()
        .zip(new.bytes().rev())
        .take(max_suf)
        .take_while(|(a, b)| a == b)
        .count();
    while !old.is_char_boundary(old.len() - suf) || !new.is_char_boundary(new.len() - suf) {
        suf -= 1;
    }
    Some((pre..old.len() - suf, &new[pre..new.len() - suf]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimal_edit_keeps_characters_whole() {
        assert_eq!(minimal_edit("总计", "总计"), None);
        assert_eq!(minimal_edit("一总计", "二总计"), Some((0..3, "二")));
        // 一 and 丁 share their first two UTF-8 bytes.
        let (span, new) = minimal_edit("a一b", "a丁b").unwrap();
        assert_eq!((span, new), (1..4, "丁"));
        assert_eq!(minimal_edit("aa", "aaa"), Some((2..2, "a")));
        let old = "一\n二\n三\n四\n";
        let new = "一\n贰\n三\n四\n五\n";
        assert_eq!(diff(old, new), [(4..7, "贰"), (16..16, "五\n")]);
    }
}
