//! The review as web pages that work from the file system, offline: an
//! index of every report (sortable and filterable by a small inline script;
//! without it, still a complete table) and a page per report — the official
//! layout with the findings marked (as `render --annotate`), what each
//! finding's rule checks, the import audit, the agency's figures over the
//! years and links to its previous and next year. `check --format html`
//! puts the same index and reports on one page.

use super::chart::{self, Bar};
use super::figures;
use super::{PreviousFrom, Review};
use crate::diagnostic::Severity;
use crate::knowledge;
use crate::render::{self, esc};
use crate::template::IndicatorKind;
use rust_decimal::prelude::ToPrimitive;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// Where the pages link to: separate files (`review -o DIR`) or anchors in
/// one page (`check --format html`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Links {
    Files,
    OnePage,
}

impl Links {
    /// The link to report `i` from the index.
    fn on_index(self, i: usize) -> String {
        match self {
            Links::Files => format!("reports/{}", file_name(i)),
            Links::OnePage => format!("#r{}", i + 1),
        }
    }

    /// The link to report `i` from another report's page.
    fn between(self, i: usize) -> String {
        match self {
            Links::Files => file_name(i),
            Links::OnePage => format!("#r{}", i + 1),
        }
    }

    fn index(self) -> &'static str {
        match self {
            Links::Files => "../index.html",
            Links::OnePage => "#nb-top",
        }
    }
}

/// What marks a page of a review, early in its head: a later review,
/// whatever its `-o`, leaves such pages out instead of reading them as
/// reports. A page of `nianbao render` has no such mark and is read.
const SITE_MARK: &str = "<meta name=\"nianbao-page\" content=\"review\">";

/// Whether the file is a page a review wrote (its first 4 KB say so).
pub fn is_review_page(path: &Path) -> bool {
    use std::io::Read;
    let is_html = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("html"));
    let mut head = [0u8; 4096];
    is_html
        && std::fs::File::open(path)
            .and_then(|mut f| f.read(&mut head))
            .is_ok_and(|n| memchr::memmem::find(&head[..n], SITE_MARK.as_bytes()).is_some())
}

/// Report `i`'s page in `reports/`.
pub fn file_name(i: usize) -> String {
    format!("r{:04}.html", i + 1)
}

const SITE_CSS: &str = r#"
body.nb-site { margin: 0; background: #fff; color: #111; font-family: "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif; font-size: 14px; }
.nb-site > header, .nb-site > .nb-section { max-width: 1280px; margin: 0 auto; padding: 8px 20px; }
.nb-site h1 { font-size: 22px; margin: 12px 0 4px; }
.nb-site h2.nb-h { font-size: 17px; margin: 18px 0 8px; border-bottom: 1px solid #999; padding-bottom: 3px; }
.nb-stats { display: flex; gap: 18px; flex-wrap: wrap; margin: 6px 0; }
.nb-stats b { font-size: 18px; }
table.nb-list { border-collapse: collapse; width: 100%; }
table.nb-list th, table.nb-list td { border: 1px solid #bbb; padding: 3px 6px; text-align: left; vertical-align: top; }
table.nb-list th { background: #eee; }
table.nb-list th[data-sort] { cursor: pointer; user-select: none; }
table.nb-list th[aria-sort="ascending"]::after { content: " ▲"; }
table.nb-list th[aria-sort="descending"]::after { content: " ▼"; }
table.nb-list td.nb-num { text-align: right; font-variant-numeric: tabular-nums; }
tr[data-severity="error"] td.nb-worst { color: #a00; }
tr[data-severity="warning"] td.nb-worst { color: #8a5a00; }
.nb-filters { display: flex; gap: 12px; flex-wrap: wrap; align-items: center; margin: 8px 0; }
.nb-filters label { display: flex; gap: 4px; align-items: center; }
.nb-charts { display: flex; gap: 24px; flex-wrap: wrap; }
nav.nb-years { display: flex; gap: 16px; flex-wrap: wrap; margin: 6px 0; }
.nb-meta { color: #333; }
.nb-explain dt { font-weight: bold; margin-top: 6px; }
.nb-explain dd { margin-left: 1.5em; }
.nb-note { color: #555; font-size: 12px; }
article.nb-one { border-top: 3px double #777; margin-top: 24px; }
@media print {
  .nb-filters, .nb-download { display: none; }
  tr[hidden] { display: table-row !important; }
  article.nb-one { break-before: page; }
}
"#;

/// Sorting and filtering of the index: plain DOM, no library, no network.
const INDEX_JS: &str = r#"
(function () {
  var table = document.getElementById('nb-index');
  if (!table) return;
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var shown = document.getElementById('nb-shown');
  var f = {
    agency: document.getElementById('nb-filter-agency'),
    year: document.getElementById('nb-filter-year'),
    code: document.getElementById('nb-filter-code'),
    severity: document.getElementById('nb-filter-severity')
  };
  function matches(r) {
    var a = f.agency.value.trim();
    if (a && (r.dataset.agency || '').indexOf(a) < 0 && (r.dataset.file || '').indexOf(a) < 0) return false;
    if (f.year.value && r.dataset.year !== f.year.value) return false;
    if (f.code.value && (' ' + r.dataset.codes + ' ').indexOf(' ' + f.code.value + ' ') < 0) return false;
    var s = f.severity.value;
    if (s === 'error' && !(+r.dataset.errors > 0)) return false;
    if (s === 'warning' && !(+r.dataset.warnings > 0)) return false;
    if (s === 'info' && !(+r.dataset.infos > 0)) return false;
    if (s === 'none' && r.dataset.severity !== 'none') return false;
    return true;
  }
  function apply() {
    var n = 0;
    rows.forEach(function (r) { var ok = matches(r); r.hidden = !ok; if (ok) n++; });
    shown.textContent = String(n);
  }
  function byHand() {
    // A rule chosen from a link is in the address; chosen by hand, it is not.
    if (location.hash) { try { history.replaceState(null, '', location.pathname + location.search); } catch (e) { /* some browsers refuse it on file: */ } }
    apply();
  }
  ['input', 'change'].forEach(function (ev) {
    Object.keys(f).forEach(function (k) { f[k].addEventListener(ev, byHand); });
  });
  function fromHash() {
    var m = /code=(NB\d+)/.exec(location.hash);
    if (m) { f.code.value = m[1]; if (f.code.value !== m[1]) f.code.value = ''; apply(); }
  }
  window.addEventListener('hashchange', fromHash);
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    if (!th.dataset.sort) return;
    th.tabIndex = 0;
    function sort() {
      var asc = th.getAttribute('aria-sort') !== 'ascending';
      heads.forEach(function (h) { if (h.dataset.sort) h.setAttribute('aria-sort', 'none'); });
      th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
      var numeric = th.dataset.type === 'number';
      var key = function (r) { var c = r.cells[col]; var v = c.dataset.value !== undefined ? c.dataset.value : c.textContent; return numeric ? (v === '' ? -1e15 : +v) : v; };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var c = numeric ? x - y : String(x).localeCompare(String(y), 'zh-CN');
        if (c === 0) c = (+a.dataset.order) - (+b.dataset.order);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener('click', sort);
    th.addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sort(); } });
  });
  fromHash();
  apply();
})();
"#;

fn page(title: &str, body: &str, script: bool) -> String {
    let mut s = String::with_capacity(body.len() + 16 * 1024);
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n{SITE_MARK}\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"nianbao {}\">\n<title>{}</title>\n<style>\n{}{SITE_CSS}</style>\n\
         </head>\n<body class=\"nb-site\">\n",
        env!("CARGO_PKG_VERSION"),
        esc(title),
        render::css(true),
    );
    s.push_str(body);
    if script {
        let _ = writeln!(s, "<script>{INDEX_JS}</script>");
    }
    s.push_str("</body>\n</html>\n");
    s
}

/// Write the site: `index.html`, `reports/r0001.html` …, `figures.csv`,
/// `figures.json`. Pages of an earlier review in `dir` are replaced.
pub fn write(review: &Review, dir: &Path) -> std::io::Result<()> {
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports)?;
    // An earlier review of more reports leaves pages nothing links to.
    for e in std::fs::read_dir(&reports)?.flatten() {
        let name = e.file_name().to_string_lossy().into_owned();
        let ours = name.len() == 10
            && name.starts_with('r')
            && name.ends_with(".html")
            && name[1..5].bytes().all(|b| b.is_ascii_digit());
        if ours {
            std::fs::remove_file(e.path())?;
        }
    }
    use rayon::prelude::*;
    (0..review.reports.len())
        .into_par_iter()
        .try_for_each(|i| {
            let r = &review.reports[i];
            let body = report_section(review, i, Links::Files, "");
            std::fs::write(reports.join(file_name(i)), page(&r.name(), &body, false))
        })?;
    let index = index_section(review, Links::Files, true);
    std::fs::write(dir.join("index.html"), page(&title(review), &index, true))?;
    std::fs::write(dir.join("figures.csv"), figures::csv(review))?;
    let json =
        serde_json::to_string_pretty(&figures::json(review)).map_err(std::io::Error::other)?;
    std::fs::write(dir.join("figures.json"), json + "\n")
}

/// The index and every report on one page (`check --format html`).
pub fn one_page(review: &Review) -> String {
    let mut body = index_section(review, Links::OnePage, false);
    for i in 0..review.reports.len() {
        let _ = write!(
            body,
            "<article class=\"nb-one\" id=\"r{}\">\n{}</article>\n",
            i + 1,
            report_section(review, i, Links::OnePage, &format!("r{}-", i + 1))
        );
    }
    page(&title(review), &body, true)
}

fn title(review: &Review) -> String {
    format!("年报审阅：{} 份报告", review.reports.len())
}

fn count_all(review: &Review, s: Severity) -> usize {
    review.reports.iter().map(|r| r.count(s)).sum()
}

/// Per code: its severity (as reported), reports with it, findings.
fn code_counts(review: &Review) -> BTreeMap<&'static str, (Severity, usize, usize)> {
    let mut out: BTreeMap<&'static str, (Severity, usize, usize)> = BTreeMap::new();
    for r in &review.reports {
        let mut seen = std::collections::BTreeSet::new();
        for d in &r.diagnostics {
            let e = out.entry(d.code).or_insert((d.severity, 0, 0));
            e.0 = e.0.min(d.severity);
            e.2 += 1;
            if seen.insert(d.code) {
                e.1 += 1;
            }
        }
    }
    out
}

fn index_section(review: &Review, links: Links, downloads: bool) -> String {
    let mut s = String::new();
    let n = review.reports.len();
    let _ = write!(
        s,
        "<header id=\"nb-top\">\n<h1>{}</h1>\n<div class=\"nb-stats\">\
         <span>报告 <b>{n}</b> 份</span><span>错误 <b>{}</b></span><span>警告 <b>{}</b></span>\
         <span>提示 <b>{}</b></span><span>无法审阅的文件 <b>{}</b></span>\
         <span>同一机关同一年度的多份报告 <b>{}</b> 组</span></div>\n",
        esc(&title(review)),
        count_all(review, Severity::Error),
        count_all(review, Severity::Warning),
        count_all(review, Severity::Info),
        review.failed.len(),
        review.duplicates.len(),
    );
    if downloads {
        s.push_str(
            "<p class=\"nb-download\">各报告的关键数字与指标：\
             <a href=\"figures.csv\" download>figures.csv</a>（Excel 可直接打开）、\
             <a href=\"figures.json\" download>figures.json</a></p>\n",
        );
    }
    s.push_str("</header>\n");

    // Defects by code across the folder.
    let codes = code_counts(review);
    let mut by_reports: Vec<(&&str, &(Severity, usize, usize))> = codes.iter().collect();
    by_reports.sort_by(|a, b| b.1 .1.cmp(&a.1 .1).then(a.0.cmp(b.0)));
    s.push_str(
        "<section class=\"nb-section\" id=\"nb-by-code\">\n<h2 class=\"nb-h\">各类问题</h2>\n",
    );
    let bars: Vec<Bar> = by_reports
        .iter()
        .map(|(code, (_, reports, _))| Bar {
            label: code,
            value: *reports,
            data: ("data-code", code),
            title: knowledge::rule_doc(code).map_or("", |d| d.title.as_str()),
        })
        .collect();
    s.push_str("<div class=\"nb-charts\">");
    s.push_str(&chart::bars(
        "nb-chart-codes",
        "有此问题的报告数（按规则）",
        &bars,
    ));
    s.push_str("</div>\n<table class=\"nb-list\" id=\"nb-codes\">\n<thead><tr><th>规则</th><th>说明</th><th>级别</th><th>报告数</th><th>问题数</th></tr></thead>\n<tbody>\n");
    for (code, (sev, reports, findings)) in &by_reports {
        let _ = writeln!(
            s,
            "<tr data-code=\"{code}\"><td><a href=\"#code={code}\">{code}</a></td><td>{}</td><td>{}</td>\
             <td class=\"nb-num\">{reports}</td><td class=\"nb-num\">{findings}</td></tr>",
            esc(knowledge::rule_doc(code).map_or("", |d| d.title.as_str())),
            sev.label_zh(),
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");

    // The reports.
    let mut years: Vec<i32> = review.reports.iter().filter_map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    s.push_str("<section class=\"nb-section\" id=\"nb-reports\">\n<h2 class=\"nb-h\">报告</h2>\n<div class=\"nb-filters\">");
    s.push_str("<label>机关或文件 <input id=\"nb-filter-agency\" type=\"search\" placeholder=\"名称的一部分\"></label>");
    s.push_str("<label>年度 <select id=\"nb-filter-year\"><option value=\"\">全部</option>");
    for y in &years {
        let _ = write!(s, "<option value=\"{y}\">{y}</option>");
    }
    s.push_str("</select></label><label>规则 <select id=\"nb-filter-code\"><option value=\"\">全部</option>");
    for code in codes.keys() {
        let _ = write!(s, "<option value=\"{code}\">{code}</option>");
    }
    let _ = writeln!(
        s,
        "</select></label><label>问题 <select id=\"nb-filter-severity\"><option value=\"\">全部</option>\
         <option value=\"error\">有错误</option><option value=\"warning\">有警告</option>\
         <option value=\"info\">有提示</option><option value=\"none\">没有问题</option></select></label>\
         <span>显示 <b id=\"nb-shown\">{n}</b> / {n} 份</span></div>"
    );
    s.push_str(
        "<table class=\"nb-list\" id=\"nb-index\">\n<thead><tr>\
         <th data-sort=\"agency\">机关</th><th data-sort=\"year\" data-type=\"number\">年度</th>\
         <th data-sort=\"edition\">格式版本</th><th data-sort=\"form\">来源</th>\
         <th data-sort=\"import\">导入</th><th data-sort=\"errors\" data-type=\"number\">错误</th>\
         <th data-sort=\"warnings\" data-type=\"number\">警告</th><th data-sort=\"worst\" data-type=\"number\">最严重的问题</th>\
         <th data-sort=\"file\">文件</th><th data-sort=\"previous\">上年报告</th></tr></thead>\n<tbody>\n",
    );
    for (i, r) in review.reports.iter().enumerate() {
        let codes: std::collections::BTreeSet<&str> =
            r.diagnostics.iter().map(|d| d.code).collect();
        let codes: Vec<&str> = codes.into_iter().collect();
        let agency = r.agency.as_deref().unwrap_or("");
        let worst = r
            .worst()
            .map(|d| format!("<code>{}</code> {}", d.code, esc(&d.message)))
            .unwrap_or_default();
        let import = r.audit.as_ref().map_or("—".to_string(), |a| a.summary());
        let note = if review.duplicates.iter().any(|d| d.reports.contains(&i)) {
            " <span class=\"nb-note\">（同年度有多份）</span>".to_string()
        } else if let Some(p) = r.same_as {
            format!(
                " <span class=\"nb-note\">（与 {} 为同一报告）</span>",
                esc(&review.reports[p].path.display().to_string())
            )
        } else {
            String::new()
        };
        let worst = match &r.check_error {
            Some(e) => format!("<b>{}</b>", esc(e)),
            None => worst,
        };
        // Sorting by the most serious finding sorts by its severity, then
        // by how many findings there are.
        let rank = r.worst().map_or(0, |d| match d.severity {
            Severity::Error => 3000,
            Severity::Warning => 2000,
            Severity::Info => 1000,
        }) + r.diagnostics.len().min(999);
        let previous = match (r.previous_path(review), &r.previous) {
            (Some(p), Some(super::PreviousFrom::Folder(j))) => format!(
                "<a href=\"{}\">{}</a>",
                links.on_index(*j),
                esc(&p.display().to_string())
            ),
            (Some(p), _) => esc(&p.display().to_string()),
            (None, _) => String::new(),
        };
        let _ = writeln!(
            s,
            "<tr data-order=\"{i}\" data-agency=\"{}\" data-year=\"{}\" data-edition=\"{}\" data-form=\"{}\" \
             data-file=\"{}\" data-errors=\"{}\" data-warnings=\"{}\" data-infos=\"{}\" data-codes=\"{}\" data-severity=\"{}\">\
             <td><a href=\"{}\">{}</a>{note}</td><td class=\"nb-num\" data-value=\"{}\">{}</td><td>{}</td><td>{}</td>\
             <td>{}</td><td class=\"nb-num\">{}</td><td class=\"nb-num\">{}</td><td class=\"nb-worst\" data-value=\"{rank}\">{worst}</td><td>{}</td><td>{previous}</td></tr>",
            esc(agency),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.edition.as_str(),
            r.form.id(),
            esc(&r.path.display().to_string()),
            r.count(Severity::Error),
            r.count(Severity::Warning),
            r.count(Severity::Info),
            codes.join(" "),
            r.severity_id(),
            links.on_index(i),
            esc(if agency.is_empty() { "（未写明机关）" } else { agency }),
            r.year.map(|y| y.to_string()).unwrap_or_default(),
            r.year.map(|y| y.to_string()).unwrap_or_else(|| "—".into()),
            r.edition.as_str(),
            r.form.label_zh(),
            esc(&import),
            r.count(Severity::Error),
            r.count(Severity::Warning),
            esc(&r.path.display().to_string()),
        );
    }
    s.push_str("</tbody>\n</table>\n</section>\n");

    if !review.failed.is_empty() {
        s.push_str("<section class=\"nb-section\">\n<h2 class=\"nb-h\">无法审阅的文件</h2>\n<table class=\"nb-list\" id=\"nb-failed\">\n<thead><tr><th>文件</th><th>原因</th></tr></thead>\n<tbody>\n");
        for f in &review.failed {
            // `check` says its failures as whole sentences, path included.
            let path = f.path.display().to_string();
            let _ = writeln!(
                s,
                "<tr><td>{}</td><td>{}</td></tr>",
                if path.is_empty() {
                    "—".into()
                } else {
                    esc(&path)
                },
                esc(&f.reason)
            );
        }
        s.push_str("</tbody>\n</table>\n</section>\n");
    }
    if !review.duplicates.is_empty() {
        s.push_str("<section class=\"nb-section\">\n<h2 class=\"nb-h\">同一机关同一年度的多份报告</h2>\n<p class=\"nb-note\">这些报告都已检查，但不与其他年度配对：无法判断哪一份是该年度的报告。</p>\n<ul id=\"nb-duplicates\">\n");
        for d in &review.duplicates {
            let files: Vec<String> = d
                .reports
                .iter()
                .map(|&i| {
                    format!(
                        "<a href=\"{}\">{}</a>",
                        links.on_index(i),
                        esc(&review.reports[i].path.display().to_string())
                    )
                })
                .collect();
            let _ = writeln!(
                s,
                "<li>{} {} 年：{}</li>",
                esc(&d.agency),
                d.year,
                files.join("、")
            );
        }
        s.push_str("</ul>\n</section>\n");
    }
    let others: Vec<usize> = (0..review.reports.len())
        .filter(|&i| review.reports[i].same_as.is_some())
        .collect();
    if !others.is_empty() {
        s.push_str("<section class=\"nb-section\">\n<h2 class=\"nb-h\">同一报告的多种形式</h2>\n<p class=\"nb-note\">机关、年度与各表数字都相同的文件视为同一份报告的不同形式（如 PDF 与其转写）：都已检查，按其中一份配对（.nianbao 优先）。</p>\n<ul id=\"nb-same\">\n");
        for i in others {
            let p = review.reports[i].same_as.expect("filtered");
            let _ = writeln!(
                s,
                "<li><a href=\"{}\">{}</a> 与 <a href=\"{}\">{}</a></li>",
                links.on_index(i),
                esc(&review.reports[i].path.display().to_string()),
                links.on_index(p),
                esc(&review.reports[p].path.display().to_string())
            );
        }
        s.push_str("</ul>\n</section>\n");
    }
    if !review.ambiguous.is_empty() {
        s.push_str("<section class=\"nb-section\">\n<h2 class=\"nb-h\">未配对的相邻年度报告</h2>\n<p class=\"nb-note\">下列报告可能属于同一机关，但未作为上年报告比对（不作猜测）。如确属同一机关，请统一机关名称，或在 .nianbao 文件中写明“上年报告”。</p>\n<ul id=\"nb-ambiguous\">\n");
        for a in &review.ambiguous {
            let link = |i: usize| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    links.on_index(i),
                    esc(&review.reports[i].name())
                )
            };
            let _ = writeln!(
                s,
                "<li>{} → {}：{}</li>",
                link(a.earlier),
                link(a.later),
                esc(&a.reason)
            );
        }
        s.push_str("</ul>\n</section>\n");
    }
    s
}

fn report_section(review: &Review, i: usize, links: Links, prefix: &str) -> String {
    let r = &review.reports[i];
    let parts = render::render_parts(&r.doc, Some(&r.diagnostics), prefix);
    let mut s = String::new();
    let _ = write!(
        s,
        "<header>\n<nav class=\"nb-years\"><a href=\"{}\">← 全部报告</a>",
        links.index()
    );
    if let Some(p) = r.prev {
        let _ = write!(
            s,
            "<a rel=\"prev\" href=\"{}\">上一年度：{}</a>",
            links.between(p),
            esc(&review.reports[p].name())
        );
    }
    if let Some(n) = r.next {
        let _ = write!(
            s,
            "<a rel=\"next\" href=\"{}\">下一年度：{}</a>",
            links.between(n),
            esc(&review.reports[n].name())
        );
    }
    let _ = write!(
        s,
        "</nav>\n<h1>{}</h1>\n<p class=\"nb-meta\">文件 <code>{}</code>，来源：{}，按 {} 版格式检查；错误 {}，警告 {}，提示 {}。",
        esc(&r.name()),
        esc(&r.path.display().to_string()),
        r.form.label_zh(),
        r.edition.as_str(),
        r.count(Severity::Error),
        r.count(Severity::Warning),
        r.count(Severity::Info),
    );
    match &r.previous {
        Some(PreviousFrom::FrontMatter { path, cells }) => {
            let _ = write!(
                s,
                "上年报告：本文件的“上年报告”所指的 <code>{}</code>{}。",
                esc(&path.display().to_string()),
                if cells.is_some() {
                    ""
                } else {
                    "（无法读取，见检查结果）"
                }
            );
        }
        Some(PreviousFrom::Folder(p)) => {
            let _ = write!(
                s,
                "上年报告：文件夹中同一机关的 <code>{}</code>（按机关名称与年度配对）。",
                esc(&review.reports[*p].path.display().to_string())
            );
        }
        None => s.push_str("没有上年报告可比对（NB305、NB306 未检查）。"),
    }
    s.push_str("</p>\n</header>\n");

    // The agency over the years.
    let series = review.series(i);
    if series.len() > 1 {
        s.push_str("<section class=\"nb-section\" id=\"nb-series\">\n<h2 class=\"nb-h\">本机关各年度</h2>\n<div class=\"nb-charts\">");
        for ind in figures::indicators().into_iter().filter(|x| x.chart) {
            let points: Vec<(i32, Option<f64>)> = series
                .iter()
                .map(|&j| {
                    (
                        review.reports[j].year.unwrap_or_default(),
                        figures::indicator(review, j, &ind.id).and_then(|v| v.to_f64()),
                    )
                })
                .collect();
            s.push_str(&chart::years(
                &format!("{prefix}nb-chart-{}", ind.id),
                &ind.name,
                &points,
                ind.kind != IndicatorKind::Value,
            ));
        }
        s.push_str("</div>\n<p class=\"nb-note\">");
        for ind in figures::indicators().into_iter().filter(|x| x.chart) {
            let _ = write!(s, "{}：{}。", esc(&ind.name), esc(&ind.note));
        }
        s.push_str("</p>\n</section>\n");
    }

    // What the import found.
    if let Some(a) = &r.audit {
        let _ = write!(
            s,
            "<section class=\"nb-section\" id=\"{prefix}nb-audit\">\n<h2 class=\"nb-h\">导入情况</h2>\n<p>按{}{}读取：{}。</p>\n",
            a.format_zh,
            a.encoding.map(|e| format!("（{e} 编码）")).unwrap_or_default(),
            esc(&a.summary())
        );
        if !a.missing_tables.is_empty() {
            let _ = writeln!(
                s,
                "<p>未能恢复的法定表格：{}</p>",
                esc(&a.missing_tables.join("；"))
            );
        }
        if !a.unplaced.is_empty() {
            s.push_str("<p>含数字但未能放入报告的内容（请对照原件核对）：</p>\n<ul>\n");
            for u in &a.unplaced {
                let _ = writeln!(s, "<li>{}</li>", esc(u));
            }
            s.push_str("</ul>\n");
        }
        for n in &a.notes {
            let _ = writeln!(s, "<p class=\"nb-note\">说明：{}</p>", esc(n));
        }
        s.push_str("</section>\n");
    }

    // What each rule found checks and why.
    let codes: std::collections::BTreeSet<&str> = r.diagnostics.iter().map(|d| d.code).collect();
    if !codes.is_empty() {
        s.push_str(
            "<section class=\"nb-section nb-explain\">\n<h2 class=\"nb-h\">规则说明</h2>\n<dl>\n",
        );
        for code in codes {
            if let Some(d) = knowledge::rule_doc(code) {
                let _ = writeln!(
                    s,
                    "<dt>{code} {}</dt><dd>{} {}</dd><dd>改法：{}</dd>",
                    esc(&d.title),
                    esc(d.checks.trim()),
                    esc(d.why.trim()),
                    esc(d.fix.trim())
                );
            }
        }
        s.push_str("</dl>\n</section>\n");
    }

    let _ = write!(
        s,
        "<main class=\"nb-report\" data-edition=\"{}\">\n{}{}</main>\n",
        parts.edition, parts.diagnostics, parts.body
    );
    s
}
