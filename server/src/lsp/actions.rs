//! Code actions: the quick fixes the rules attach to their diagnostics,
//! a suppression comment with a reason placeholder, and a source action
//! applying every safe fix at once.

use super::types::{self, CodeAction, CodeActionKind, CodeActionOrCommand, TextEdit};
use super::Snapshot;
use crate::check;
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Fix};
use crate::model::{Block, Document};
use crate::rules::fixes;
use crate::suppress;
use crate::text::Span;
use std::collections::{HashMap, HashSet};

/// The kind of the "apply every safe fix" source action.
pub const FIX_ALL: &str = "source.fixAll.nianbao";

/// Title of the suppression action (followed by the code).
pub const SUPPRESS_TITLE: &str = "忽略此问题（添加屏蔽注释）";

/// The reason written into a new suppression comment: NB002 wants one, and
/// only the user knows it.
pub const REASON_PLACEHOLDER: &str = "请填写理由";

/// Codes a suppression comment cannot or should not silence: a syntax error
/// is to be repaired, and NB002/NB003 are about suppression comments
/// themselves (a comment above a comment targets the next block, not it).
const UNSUPPRESSIBLE: [&str; 3] = ["NB001", "NB002", "NB003"];

/// Actions for the byte range `range`; `diags` are the document's current
/// diagnostics (same version as `snap`), `only` the kinds the client asked
/// for. With `defer_fix_all`, a fix-all the client did not ask for is
/// offered without its edit, computed on `codeAction/resolve` only when
/// chosen ([`fix_all`], for the snapshot it was offered for): it reruns the checker, too much for every
/// move of the cursor.
pub fn code_actions(
    snap: &Snapshot,
    diags: &[Diagnostic],
    range: Span,
    only: Option<&[types::CodeActionKind]>,
    defer_fix_all: bool,
) -> Vec<types::CodeActionOrCommand> {
    let mut out = Vec::new();
    let in_range: Vec<&Diagnostic> = diags.iter().filter(|d| touches(&d.span, &range)).collect();

    if wanted(only, CodeActionKind::QUICKFIX.as_str()) {
        // One action per distinct fix: NB302 and NB303 on the same total
        // both propose writing the same number, and the menu should offer
        // it once, listing both findings it resolves.
        let mut fixes: Vec<(&Fix, Vec<&Diagnostic>)> = Vec::new();
        for d in &in_range {
            if let Some(fix) = &d.fix {
                match fixes
                    .iter_mut()
                    .find(|(f, _)| f.title == fix.title && f.edits == fix.edits)
                {
                    Some((_, ds)) => ds.push(d),
                    None => fixes.push((fix, vec![d])),
                }
            }
        }
        for (fix, ds) in fixes {
            out.push(quick_fix(snap, &ds, fix));
        }
        let mut seen: HashSet<(&str, usize)> = HashSet::new();
        for d in &in_range {
            if let Some((pos, action)) = suppression(snap, d) {
                // Two findings of one code on one line need one comment.
                if seen.insert((d.code, pos)) {
                    out.push(action);
                }
            }
        }
    }

    let asked = only.is_some_and(|o| o.iter().any(|k| kind_covers(k.as_str(), FIX_ALL)));
    let has_safe = diags.iter().any(|d| d.fix.as_ref().is_some_and(|f| f.safe));
    if asked {
        out.push(fix_all(snap, diags).into());
    } else if only.is_none() && has_safe {
        out.push(
            if defer_fix_all {
                CodeAction {
                    data: Some(serde_json::json!({"uri": snap.uri, "snapshot": snap.id})),
                    ..fix_all_action(None)
                }
            } else {
                fix_all(snap, diags)
            }
            .into(),
        );
    }
    out
}

/// The document and snapshot a deferred fix-all was offered for.
pub fn deferred_fix_all(action: &CodeAction) -> Option<(types::Uri, u64)> {
    let data = action.data.as_ref()?;
    if action.kind.as_ref()?.as_str() != FIX_ALL {
        return None;
    }
    let uri = serde_json::from_value(data.get("uri")?.clone()).ok()?;
    Some((uri, data.get("snapshot")?.as_u64()?))
}

fn fix_all_action(edit: Option<types::WorkspaceEdit>) -> CodeAction {
    CodeAction {
        title: "修复全部可安全修复的问题".into(),
        kind: Some(CodeActionKind::new(FIX_ALL)),
        edit,
        ..Default::default()
    }
}

/// Whether a diagnostic's span meets the requested range (a cursor at
/// either end of a span counts: that is where the lightbulb shows).
fn touches(span: &Span, range: &Span) -> bool {
    span.start <= range.end && range.start <= span.end
}

/// `only` lists kinds by prefix: `source` covers `source.fixAll.nianbao`.
fn kind_covers(asked: &str, kind: &str) -> bool {
    kind == asked || (kind.starts_with(asked) && kind[asked.len()..].starts_with('.'))
}

fn wanted(only: Option<&[CodeActionKind]>, kind: &str) -> bool {
    only.is_none_or(|o| o.iter().any(|k| kind_covers(k.as_str(), kind)))
}

fn workspace_edit(snap: &Snapshot, edits: Vec<TextEdit>) -> types::WorkspaceEdit {
    types::WorkspaceEdit {
        changes: Some(HashMap::from([(snap.uri.clone(), edits)])),
        ..Default::default()
    }
}

fn protocol_diagnostic(snap: &Snapshot, d: &Diagnostic) -> Vec<types::Diagnostic> {
    super::diagnostics::to_lsp(snap, std::slice::from_ref(d))
}

fn quick_fix(snap: &Snapshot, ds: &[&Diagnostic], fix: &Fix) -> CodeActionOrCommand {
    let edits = fix
        .edits
        .iter()
        .map(|e| TextEdit::new(snap.range(&e.span), e.new_text.clone()))
        .collect();
    CodeAction {
        title: fix.title.clone(),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(
            ds.iter()
                .flat_map(|d| protocol_diagnostic(snap, d))
                .collect(),
        ),
        edit: Some(workspace_edit(snap, edits)),
        is_preferred: fix.safe.then_some(true),
        ..Default::default()
    }
    .into()
}

/// The suppression comment for `d`, inserted on its own line above the
/// heading or table row the finding is on (above the whole table for the
/// header and delimiter rows, which nothing may separate). Returns the
/// insertion offset with the action; None where a comment cannot reach
/// the finding (prose, front matter, the end of the file).
fn suppression(snap: &Snapshot, d: &Diagnostic) -> Option<(usize, CodeActionOrCommand)> {
    if UNSUPPRESSIBLE.contains(&d.code) {
        return None;
    }
    let doc = &snap.doc;
    let at = d.span.start;
    let within = |s: &Span| s.start <= at && at <= s.end;
    let (line_start, is_row) = doc.blocks.iter().find_map(|b| match b {
        Block::Heading(h) if within(&h.span) => Some((h.span.start, false)),
        Block::Table(t) if within(&t.span) => {
            if at < t.delimiter.end {
                Some((t.span.start, false))
            } else {
                let r = t.rows.iter().find(|r| within(&r.span))?;
                Some((r.span.start, true))
            }
        }
        _ => None,
    })?;
    let pos = doc
        .lines
        .line_span(&doc.text, doc.lines.line_of(line_start))
        .start;
    let nl = fixes::newline(doc);
    let comment = format!(
        "<!-- {} {}: {REASON_PLACEHOLDER} -->{nl}",
        suppress::DIRECTIVE,
        d.code
    );
    // A heading or table right under a prose line or a table would take the
    // comment into that block; a blank line keeps it the target's own.
    let mut candidates = vec![comment.clone()];
    if !is_row {
        candidates.push(format!("{nl}{comment}"));
    }
    let new_text = candidates
        .into_iter()
        .find(|c| silences(&doc.text, pos, c, d))?;
    let action = CodeAction {
        title: format!("{SUPPRESS_TITLE}：{}", d.code),
        kind: Some(CodeActionKind::QUICKFIX),
        diagnostics: Some(protocol_diagnostic(snap, d)),
        edit: Some(workspace_edit(
            snap,
            vec![TextEdit::new(snap.range(&(pos..pos)), new_text)],
        )),
        ..Default::default()
    };
    Some((pos, action.into()))
}

/// Whether inserting `comment` at `pos` yields a suppression of `d.code`
/// whose target covers the finding (parsing is cheap next to guessing how
/// the grammar attaches a comment).
fn silences(text: &str, pos: usize, comment: &str, d: &Diagnostic) -> bool {
    let mut new = String::with_capacity(text.len() + comment.len());
    new.push_str(&text[..pos]);
    new.push_str(comment);
    new.push_str(&text[pos..]);
    let at = d.span.start + comment.len();
    suppress::collect(&Document::parse(&new)).iter().any(|s| {
        s.codes.iter().any(|c| c == d.code)
            && s.target
                .as_ref()
                .is_some_and(|t| t.start <= at && at <= t.end)
    })
}

/// Every safe fix, applied as `nianbao fmt --fix` applies them (rounds until
/// nothing is left), as one edit. Later rounds re-check without the
/// editor's configuration, so they only apply fixes of codes the first
/// round (the real diagnostics) had: a rule the user turned off never fixes.
pub fn fix_all(snap: &Snapshot, diags: &[Diagnostic]) -> CodeAction {
    let text = snap.text();
    let codes: HashSet<&str> = diags
        .iter()
        .filter(|d| d.fix.as_ref().is_some_and(|f| f.safe))
        .map(|d| d.code)
        .collect();
    let mut first = true;
    let fixed = crate::format::fix_all(text, |doc| {
        if std::mem::take(&mut first) {
            return diags.to_vec();
        }
        let mut again = check::check_document(doc, None, &Config::default());
        again.retain(|d| codes.contains(d.code));
        again
    });
    let edits = super::edits::diff(text, &fixed)
        .into_iter()
        .map(|(span, new)| TextEdit::new(snap.range(&span), new.to_string()))
        .collect();
    fix_all_action(Some(workspace_edit(snap, edits)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::Encoding;
    use crate::rules::testing::{self, edit, VALID_2019, VALID_2021};

    const GONGNONG: &str = include_str!("../../../examples/gongnong-2021.nianbao");

    fn snap(text: &str) -> Snapshot {
        Snapshot::scratch(text, Encoding::Utf16)
    }

    /// Apply a WorkspaceEdit's edits for the snapshot's document.
    fn apply(snap: &Snapshot, e: &types::WorkspaceEdit) -> String {
        let changes = e.changes.as_ref().expect("changes");
        assert_eq!(changes.len(), 1);
        let mut spans: Vec<(Span, &str)> = changes[&snap.uri]
            .iter()
            .map(|t| (snap.span(t.range), t.new_text.as_str()))
            .collect();
        spans.sort_by_key(|(s, _)| std::cmp::Reverse(s.start));
        let mut out = snap.text().to_string();
        for (s, t) in spans {
            out.replace_range(s, t);
        }
        out
    }

    fn actions(text: &str, range: Span, only: Option<&[CodeActionKind]>) -> Vec<CodeAction> {
        let s = snap(text);
        let diags = testing::check(text);
        code_actions(&s, &diags, range, only, false)
            .into_iter()
            .map(|a| match a {
                CodeActionOrCommand::CodeAction(a) => a,
                CodeActionOrCommand::Command(_) => panic!("commands are not used"),
            })
            .collect()
    }

    fn codes(text: &str) -> Vec<&'static str> {
        testing::check(text).iter().map(|d| d.code).collect()
    }

    /// The text after applying the action titled `title` at `at`.
    fn applied(text: &str, at: usize, title: &str) -> String {
        let s = snap(text);
        let a = actions(text, at..at, None)
            .into_iter()
            .find(|a| a.title == title)
            .unwrap_or_else(|| panic!("no action {title:?} at {at}"));
        apply(&s, a.edit.as_ref().unwrap())
    }

    /// Each rule's quick fix, applied through the protocol, removes its
    /// diagnostic and adds none.
    #[test]
    fn quick_fixes_remove_their_diagnostic_and_add_none() {
        let nb301 = edit(
            VALID_2021,
            "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 6 |",
            "| 一、本年新收政府信息公开申请数量 | 5 | 1 | 0 | 0 | 0 | 0 | 7 |",
        );
        let cases: Vec<(String, &str)> = vec![
            (nb301, "NB301"),
            (
                edit(VALID_2021, "## 一、总体情况", "## 1、总体情况"),
                "NB113",
            ),
            (
                edit(
                    VALID_2021,
                    "## 五、存在的主要问题及改进情况",
                    "## 五、存在的主要问题",
                ),
                "NB114",
            ),
            (edit(VALID_2021, "| 行政强制 | 0 |\n", ""), "NB124"),
            (
                edit(VALID_2021, "| 行政强制 | 0 |", "| 行政强制 | / |"),
                "NB202",
            ),
            (
                edit(VALID_2021, "| 行政强制 | 0 |", "| 行政强制 | ０ |"),
                "NB208",
            ),
        ];
        for (text, code) in &cases {
            let before = codes(text);
            assert!(before.contains(code), "{code}: {before:?}");
            let d = testing::of(text, code).remove(0);
            let title = d.fix.as_ref().unwrap().title.clone();
            let fixed = applied(text, d.span.start, &title);
            let after = codes(&fixed);
            assert!(!after.contains(code), "{code} left: {after:?}");
            for c in &after {
                assert!(before.contains(c), "{code}'s fix added {c}: {after:?}");
            }
        }
    }

    #[test]
    fn quick_fix_carries_its_diagnostic_and_prefers_safe_fixes() {
        let text = edit(VALID_2021, "| 行政强制 | 0 |", "| 行政强制 | / |");
        let at = text.find("| / |").unwrap() + 2;
        let all = actions(&text, at..at, None);
        let fix = all.iter().find(|a| a.title == "改为 0").unwrap();
        assert_eq!(fix.kind, Some(CodeActionKind::QUICKFIX));
        assert_eq!(fix.is_preferred, Some(true));
        let d = &fix.diagnostics.as_ref().unwrap()[0];
        assert_eq!(d.code, Some(types::NumberOrString::String("NB202".into())));
        assert_eq!(snap(&text).span(d.range), at..at + 1);

        // A computed total is not safe: offered, not preferred.
        let text = edit(
            VALID_2021,
            "| 行政复议 | 1 | 0 | 0 | 1 | 2 |",
            "| 行政复议 | 1 | 0 | 0 | 1 | 3 |",
        );
        let at = text.find("| 1 | 3 |").unwrap() + 6;
        let all = actions(&text, at..at, None);
        let fix = all.iter().find(|a| a.title == "改为 2").unwrap();
        assert_eq!(fix.is_preferred, None);
    }

    #[test]
    fn missing_section_and_table_are_inserted_and_check_clean() {
        // Whole blocks are inserted with the file's line endings.
        let cut = |from: &str, to: &str| {
            let s = VALID_2021.find(from).unwrap();
            let e = s + VALID_2021[s..].find(to).unwrap();
            format!("{}{}", &VALID_2021[..s], &VALID_2021[e..]).replace('\n', "\r\n")
        };
        for (text, code) in [
            (
                cut("### 第二十条第（五）项", "### 第二十条第（六）项"),
                "NB120",
            ),
            (cut("## 四、", "## 五、"), "NB110"),
        ] {
            let d = testing::of(&text, code).remove(0);
            let title = d.fix.as_ref().unwrap().title.clone();
            let fixed = applied(&text, d.span.start, &title);
            let after = codes(&fixed);
            assert!(!after.contains(&code), "{code}: {after:?}");
            assert!(!after.contains(&"NB001"), "{code}: {after:?}");
            assert!(
                !fixed.replace("\r\n", "").contains('\n'),
                "{code}: LF in CRLF"
            );
        }
    }

    #[test]
    fn suppression_silences_the_finding_without_nb002_or_nb003() {
        let row = "| 行政复议 | 1 | 0 | 0 | 1 | 2 |";
        let first_row = "| 规章 | 0 | 0 | 0 |";
        let cases = [
            // A body row in the middle of a table.
            (
                edit(VALID_2021, row, "| 行政复议 | 1 | 0 | 0 | 1 | 3 |"),
                "NB304",
            ),
            // The first body row: the comment goes between delimiter and row.
            (edit(VALID_2021, first_row, "| 规章 | 0 | 0 | / |"), "NB202"),
            // A heading.
            (
                edit(
                    VALID_2021,
                    "## 五、存在的主要问题及改进情况",
                    "## 五、存在的主要问题",
                ),
                "NB114",
            ),
            // A header cell: above the whole table.
            (
                edit(
                    VALID_2021,
                    "| 复议诉讼情况 | 结果维持",
                    "| 复议诉讼情况 | 维持",
                ),
                "NB122",
            ),
        ];
        for (text, code) in &cases {
            let d = testing::of(text, code).remove(0);
            let title = format!("{SUPPRESS_TITLE}：{code}");
            let fixed = applied(text, d.span.start, &title);
            let after = codes(&fixed);
            assert!(!after.contains(code), "{code}: {after:?}\n{fixed}");
            for c in ["NB001", "NB002", "NB003"] {
                assert!(!after.contains(&c), "{code}: {after:?}");
            }
            assert!(fixed.contains(&format!("<!-- nianbao-allow {code}: 请填写理由 -->\n")));
        }
    }

    #[test]
    fn suppression_is_offered_only_where_a_comment_reaches() {
        // A suppression targets the next heading, table or table row, so
        // none is offered in prose or in the front matter.
        let prose = edit(VALID_2021, "统计期限为2022年", "统计期限为2021年");
        let front = edit(VALID_2021, "年度: 2022", "年度: 2022\n部门: 某局");
        for (text, code) in [(prose, "NB403"), (front, "NB101")] {
            let d = testing::of(&text, code).remove(0);
            let all = actions(&text, d.span.clone(), None);
            assert_eq!(
                all.is_empty(),
                code == "NB101",
                "{code}: only NB403 has a fix"
            );
            assert!(
                all.iter().all(|a| !a.title.starts_with(SUPPRESS_TITLE)),
                "{code}"
            );
        }
        // A clean line has nothing to offer.
        let at = VALID_2021.find("| 行政许可").unwrap();
        assert!(actions(VALID_2021, at..at, None).is_empty());
    }

    #[test]
    fn fix_all_applies_every_safe_fix_of_the_example_report() {
        let s = snap(GONGNONG);
        let all = actions(GONGNONG, 0..0, None);
        let fix_all = all
            .iter()
            .find(|a| a.kind == Some(CodeActionKind::new(FIX_ALL)))
            .expect("offered when safe fixes exist");
        assert_eq!(fix_all.title, "修复全部可安全修复的问题");
        let edits = &fix_all.edit.as_ref().unwrap().changes.as_ref().unwrap()[&s.uri];
        // One small edit per heading, not one over everything between.
        let new: Vec<&str> = edits.iter().map(|e| e.new_text.as_str()).collect();
        assert_eq!(new, ["存在的主要问题及改进情况", "六、"]);
        let fixed = apply(&s, fix_all.edit.as_ref().unwrap());
        // NB113 and NB114 are safe; the sums and NB402 need a person.
        let mut after = codes(&fixed);
        after.sort();
        assert_eq!(after, ["NB302", "NB302", "NB303", "NB303", "NB402"]);
        let expected = GONGNONG
            .replace(
                "## 五、政务公开工作存在的主要问题",
                "## 五、存在的主要问题及改进情况",
            )
            .replace("## 6、 其他需要报告的事项", "## 六、其他需要报告的事项");
        assert_eq!(fixed, expected);
    }

    #[test]
    fn fix_all_takes_as_many_rounds_as_needed() {
        // A heading without numeral and with a variant title: both safe
        // fixes start at the title, so the second waits for a re-check.
        let text = edit(
            VALID_2019,
            "## 五、存在的主要问题及改进情况",
            "## 存在的主要问题",
        );
        assert_eq!(codes(&text), ["NB113", "NB114"]);
        let s = snap(&text);
        let a = actions(&text, 0..0, Some(&[CodeActionKind::new("source.fixAll")]));
        assert_eq!(a.len(), 1);
        let fixed = apply(&s, a[0].edit.as_ref().unwrap());
        assert_eq!(fixed, VALID_2019);
    }

    #[test]
    fn fix_all_skips_rules_the_user_turned_off() {
        // The editor's diagnostics lack NB202 (turned off in nianbao.toml):
        // fix-all leaves placeholders alone even in later rounds.
        let text = edit(VALID_2021, "| 行政强制 | 0 |", "| 行政强制 | / |");
        let text = edit(&text, "## 一、总体情况", "## 1、总体情况");
        let s = snap(&text);
        let diags: Vec<_> = testing::check(&text)
            .into_iter()
            .filter(|d| d.code != "NB202")
            .collect();
        let a = code_actions(&s, &diags, 0..0, None, false);
        let Some(CodeActionOrCommand::CodeAction(a)) = a.last() else {
            panic!()
        };
        let fixed = apply(&s, a.edit.as_ref().unwrap());
        assert!(fixed.contains("## 一、总体情况"));
        assert!(fixed.contains("| 行政强制 | / |"));
    }

    #[test]
    fn only_filters_by_kind_prefix() {
        let text = edit(GONGNONG, "| 行政强制 | 0 |", "| 行政强制 | / |");
        let at = text.find("| / |").unwrap() + 2;
        let kinds = |only: Option<&[CodeActionKind]>| -> Vec<String> {
            actions(&text, at..at, only)
                .iter()
                .map(|a| a.kind.as_ref().unwrap().as_str().to_string())
                .collect()
        };
        let quick = kinds(Some(&[CodeActionKind::QUICKFIX]));
        assert_eq!(quick, ["quickfix", "quickfix"]); // fix + suppression
        for only in ["source", "source.fixAll", FIX_ALL] {
            assert_eq!(
                kinds(Some(&[CodeActionKind::new(only)])),
                [FIX_ALL],
                "{only}"
            );
        }
        assert!(kinds(Some(&[CodeActionKind::REFACTOR])).is_empty());
        // "sourcex" is no prefix of "source.fixAll.nianbao".
        assert!(kinds(Some(&[CodeActionKind::new("source.fix")])).is_empty());
        assert_eq!(kinds(None), ["quickfix", "quickfix", FIX_ALL]);
        // Explicitly asked for, fix-all answers even when nothing is safe.
        let a = actions(VALID_2021, 0..0, Some(&[CodeActionKind::SOURCE_FIX_ALL]));
        assert_eq!(a.len(), 1);
        assert!(actions(VALID_2021, 0..0, None).is_empty());
    }

    #[test]
    fn one_fix_proposed_by_two_rules_is_offered_once_for_both() {
        // 84:11 of the example: NB302 and NB303 both propose 改为 1.
        let line = GONGNONG
            .lines()
            .take(83)
            .map(|l| l.len() + 1)
            .sum::<usize>();
        let at = line + GONGNONG[line..].find("| 0 |").unwrap() + 2;
        let fixes: Vec<CodeAction> = actions(GONGNONG, at..at, None)
            .into_iter()
            .filter(|a| a.title == "改为 1")
            .collect();
        assert_eq!(fixes.len(), 1, "{fixes:#?}");
        let codes: Vec<String> = fixes[0]
            .diagnostics
            .iter()
            .flatten()
            .map(|d| match &d.code {
                Some(types::NumberOrString::String(c)) => c.clone(),
                _ => String::new(),
            })
            .collect();
        assert_eq!(codes, ["NB302", "NB303"]);
    }
}
