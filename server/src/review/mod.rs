//! `nianbao review`: a folder of published reports, in whatever form they
//! were published, read and checked as one whole, for a reviewer.
//!
//! The road: find the files ([`collect`]) → read each, importing what is not
//! `.nianbao` ([`load`], in parallel) → pair the reports of one agency in
//! consecutive years ([`pair`], by normalised agency name, never guessed) →
//! check each with its pair as `上年报告` (NB305/NB306 without front matter)
//! → figures ([`figures`]) → a static site ([`site`]).

pub mod chart;
pub mod figures;
pub mod site;

use crate::analysis::{Analysis, Analyzed};
use crate::check::{self, DiskLoader, Previous};
use crate::config::Config;
use crate::diagnostic::{Diagnostic, Severity};
use crate::import;
use crate::model::Document;
use crate::template::Edition;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

/// The form a report was published in, by its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Form {
    Nianbao,
    Html,
    Docx,
    Pdf,
    Text,
}

impl Form {
    /// The form of a file found in a folder (`None`: not a report's form).
    /// `.doc`/`.wps` are taken so that they are listed with what to do,
    /// not silently left out; Markdown only when named (a folder's
    /// README.md is no report).
    pub fn of_path(path: &Path, named: bool) -> Option<Form> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .unwrap_or_default()
            .to_ascii_lowercase();
        Some(match ext.as_str() {
            "nianbao" => Form::Nianbao,
            "html" | "htm" | "xhtml" | "shtml" => Form::Html,
            "docx" | "doc" | "wps" => Form::Docx,
            "pdf" => Form::Pdf,
            "txt" => Form::Text,
            // Named on the command line: read as text (import detects).
            _ if named => Form::Text,
            _ => return None,
        })
    }

    /// The short name used in data attributes and figures.
    pub fn id(self) -> &'static str {
        match self {
            Form::Nianbao => "nianbao",
            Form::Html => "html",
            Form::Docx => "docx",
            Form::Pdf => "pdf",
            Form::Text => "text",
        }
    }

    /// How the index names it.
    pub fn label_zh(self) -> &'static str {
        match self {
            Form::Nianbao => ".nianbao",
            Form::Html => "网页",
            Form::Docx => "Word",
            Form::Pdf => "PDF",
            Form::Text => "文本",
        }
    }
}

/// What `import` said about a report that was not `.nianbao`.
#[derive(Debug, Clone)]
pub struct Audit {
    /// The front-end that read it (`pdf`, `html` …, as `--from` names it).
    pub format: &'static str,
    /// The same, as the page names it (`PDF`, `网页` …).
    pub format_zh: &'static str,
    pub encoding: Option<&'static str>,
    /// Statutory tables not recovered (their names).
    pub missing_tables: Vec<String>,
    /// Pieces with numbers that are not in the report, each with where and why.
    pub unplaced: Vec<String>,
    pub notes: Vec<String>,
}

impl Audit {
    pub fn complete(&self) -> bool {
        self.missing_tables.is_empty() && self.unplaced.is_empty()
    }

    /// One phrase for the index: 完整, or what is missing.
    pub fn summary(&self) -> String {
        let mut parts = Vec::new();
        if !self.missing_tables.is_empty() {
            parts.push(format!("缺 {} 张表", self.missing_tables.len()));
        }
        if !self.unplaced.is_empty() {
            parts.push(format!("{} 处数字未放入", self.unplaced.len()));
        }
        if parts.is_empty() {
            "完整".into()
        } else {
            parts.join("，")
        }
    }
}

/// Where a report's previous-year report came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PreviousFrom {
    /// Its own `上年报告` front matter (read as `check` reads it): the file,
    /// and its figures when it could be read.
    FrontMatter {
        path: PathBuf,
        cells: Option<BTreeMap<String, rust_decimal::Decimal>>,
    },
    /// The same agency's report of the year before, in the folder.
    Folder(usize),
}

/// One report read and checked.
pub struct Report {
    /// The path as shown (as found under the paths given).
    pub path: PathBuf,
    pub form: Form,
    pub doc: Arc<Document>,
    pub diagnostics: Vec<Diagnostic>,
    /// `None` for a `.nianbao` file (nothing was imported).
    pub audit: Option<Audit>,
    /// As written (front matter `机关`, else the title).
    pub agency: Option<String>,
    pub year: Option<i32>,
    pub edition: Edition,
    pub previous: Option<PreviousFrom>,
    /// Another form of the same report in the folder (equal tables, same
    /// agency and year), reviewed but paired through that one.
    pub same_as: Option<usize>,
    /// Checking it failed (a defect of nianbao): why.
    pub check_error: Option<String>,
    /// The same agency's report of the year before / after, in the folder.
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// Every numeric cell of the statutory tables: `t3/new/total` → value.
    pub cells: BTreeMap<String, rust_decimal::Decimal>,
}

impl Report {
    /// A report read, not yet paired or checked.
    fn new(
        path: PathBuf,
        form: Form,
        doc: Arc<Document>,
        audit: Option<Audit>,
        id: Identity,
    ) -> Report {
        Report {
            path,
            form,
            doc,
            diagnostics: Vec::new(),
            audit,
            agency: id.agency,
            year: id.year,
            edition: id.edition,
            previous: None,
            same_as: None,
            check_error: None,
            prev: None,
            next: None,
            cells: id.cells,
        }
    }

    /// The previous year's report compared with, as shown: its path.
    pub fn previous_path<'a>(&'a self, review: &'a Review) -> Option<&'a Path> {
        match self.previous.as_ref()? {
            PreviousFrom::FrontMatter { path, .. } => Some(path),
            PreviousFrom::Folder(i) => Some(&review.reports[*i].path),
        }
    }

    /// The previous year's figures, when its report was read.
    pub fn previous_cells<'a>(
        &'a self,
        review: &'a Review,
    ) -> Option<&'a BTreeMap<String, rust_decimal::Decimal>> {
        match self.previous.as_ref()? {
            PreviousFrom::FrontMatter { cells, .. } => cells.as_ref(),
            PreviousFrom::Folder(i) => Some(&review.reports[*i].cells),
        }
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }

    /// The most serious finding: the first of the highest severity.
    pub fn worst(&self) -> Option<&Diagnostic> {
        self.diagnostics.iter().min_by_key(|d| d.severity)
    }

    /// `error`, `warning`, `info` or `none`.
    pub fn severity_id(&self) -> &'static str {
        self.worst().map_or("none", |d| d.severity.as_str())
    }

    /// Agency and year as a reviewer names the report.
    pub fn name(&self) -> String {
        let agency = self.agency.as_deref().unwrap_or("（未写明机关）");
        match self.year {
            Some(y) => format!("{agency} {y} 年"),
            None => format!("{agency}（年度不明）"),
        }
    }
}

/// A file that could not be reviewed, and why (Chinese).
#[derive(Debug, Clone)]
pub struct Failed {
    pub path: PathBuf,
    pub reason: String,
}

/// Two or more files claiming the same agency and year: none of them is
/// paired, since which one is the report cannot be told.
#[derive(Debug, Clone)]
pub struct Duplicate {
    pub agency: String,
    pub year: i32,
    pub reports: Vec<usize>,
}

/// Reports of consecutive years that might be one agency's but are not
/// paired, and why.
#[derive(Debug, Clone)]
pub struct Ambiguous {
    pub earlier: usize,
    pub later: usize,
    pub reason: String,
}

/// A reviewed folder.
pub struct Review {
    pub reports: Vec<Report>,
    pub failed: Vec<Failed>,
    pub duplicates: Vec<Duplicate>,
    pub ambiguous: Vec<Ambiguous>,
}

/// Whether two readings of one agency's year are one report: no figure
/// that both have differs, and they share at least half of the figures of
/// the fuller one (an import may leave a row it could not read blank; a
/// corrected reissue differs in a number, and is a duplicate).
fn same_report(
    a: &BTreeMap<String, rust_decimal::Decimal>,
    b: &BTreeMap<String, rust_decimal::Decimal>,
) -> bool {
    let mut common = 0;
    for (k, v) in a {
        match b.get(k) {
            Some(w) if w == v => common += 1,
            Some(_) => return false,
            None => {}
        }
    }
    common > 0 && common * 2 >= a.len().max(b.len())
}

/// The report to pair among several forms of one: `.nianbao` first (it may
/// name its own `上年报告`), then Word, web page, PDF, text.
fn form_rank(f: Form) -> u8 {
    match f {
        Form::Nianbao => 0,
        Form::Docx => 1,
        Form::Html => 2,
        Form::Pdf => 3,
        Form::Text => 4,
    }
}

impl Review {
    /// Reports by agency key, then year: the pages' series.
    pub fn series(&self, i: usize) -> Vec<usize> {
        let mut first = i;
        while let Some(p) = self.reports[first].prev {
            first = p;
        }
        let mut out = vec![first];
        while let Some(n) = self.reports[*out.last().expect("non-empty")].next {
            out.push(n);
        }
        out
    }
}

/// One file to review: where it is, and whether it was named on the
/// command line (then any extension is read).
#[derive(Debug, Clone)]
pub struct Input {
    pub path: PathBuf,
    pub named: bool,
}

/// Every file under `paths` in a form a report travels in, sorted, and the
/// paths that could not be read. Left out in folders: a review's own pages
/// (wherever `-o` put them, the reviewed folder itself included) and the
/// folders a browser saves a page's pictures and scripts in (`页面_files`).
pub fn collect(paths: &[PathBuf]) -> (Vec<Input>, Vec<Failed>) {
    let mut inputs = Vec::new();
    let mut failed = Vec::new();
    for p in paths {
        if p.is_dir() {
            let wanted = |f: &Path| {
                Form::of_path(f, false).is_some()
                    && !in_saved_page_assets(f.strip_prefix(p).unwrap_or(f))
                    && !site::is_review_page(f)
            };
            let (found, errors) =
                crate::files::files_under(p, crate::files::FileLinks::Follow, &wanted);
            inputs.extend(found.into_iter().map(|path| Input {
                path: crate::files::tidy(&path),
                named: false,
            }));
            failed.extend(
                errors
                    .into_iter()
                    .map(|(path, reason)| Failed { path, reason }),
            );
        } else if p.exists() {
            inputs.push(Input {
                path: crate::files::tidy(p),
                named: true,
            });
        } else {
            failed.push(Failed {
                path: p.clone(),
                reason: "文件或文件夹不存在".into(),
            });
        }
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    inputs.dedup_by(|a, b| a.path == b.path);
    (inputs, failed)
}

/// Whether a path (below the folder given) is inside a folder where a
/// browser put a saved page's assets: `报告_files/` (Chrome, Firefox, Edge)
/// or `报告.files/` (older Internet Explorer, WPS).
fn in_saved_page_assets(rel: &Path) -> bool {
    rel.parent().is_some_and(|dir| {
        dir.components().any(|c| {
            let name = c.as_os_str().to_string_lossy();
            name.ends_with("_files") || name.ends_with(".files")
        })
    })
}

/// A report read, not yet paired or checked.
struct Loaded {
    path: PathBuf,
    form: Form,
    doc: Arc<Document>,
    audit: Option<Audit>,
    config: Arc<Config>,
}

/// Read one file: decode a `.nianbao`, import anything else. `Err` is the
/// reason it cannot be reviewed; `None`, a file found in a folder that its
/// `nianbao.toml` excludes (as `check` leaves it out).
fn load(
    input: &Input,
    configs: &Mutex<HashMap<PathBuf, Result<Arc<Config>, String>>>,
) -> Result<Option<Loaded>, String> {
    let path = &input.path;
    let form = Form::of_path(path, true).unwrap_or(Form::Text);
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let config = {
        let mut cache = configs.lock().unwrap_or_else(|e| e.into_inner());
        cache
            .entry(dir.clone())
            .or_insert_with(|| match Config::discover(&dir) {
                Ok(c) => Ok(Arc::new(c.unwrap_or_default())),
                Err(e) => Err(format!("配置文件无效：{e:#}")),
            })
            .clone()?
    };
    if !input.named && config.is_excluded(path) {
        return Ok(None);
    }
    let bytes = crate::files::read_input(path)?;
    if form == Form::Nianbao {
        let shown = path.to_string_lossy();
        let text = crate::cli::check::decode(bytes, Some(&shown))?;
        return Ok(Some(Loaded {
            path: path.clone(),
            form,
            doc: Arc::new(Document::parse(&text)),
            audit: None,
            config,
        }));
    }
    let imported = import::import_with(&bytes, &import::Options::default())
        .map_err(|e| format!("无法导入：{e}"))?;
    let edition_tables = imported.edition.template().tables.len();
    if imported.missing_tables.len() >= edition_tables {
        return Err("没有找到任何法定表格，不像是一份政府信息公开工作年度报告".into());
    }
    let audit = Audit {
        format: imported.format.name(),
        format_zh: imported.format.label_zh(),
        encoding: imported.encoding,
        missing_tables: imported
            .missing_tables
            .iter()
            .map(|t| t.name.clone())
            .collect(),
        unplaced: imported.unplaced.iter().map(ToString::to_string).collect(),
        notes: imported.notes.clone(),
    };
    Ok(Some(Loaded {
        path: path.clone(),
        form,
        doc: Arc::new(Document::parse(&imported.text)),
        audit: Some(audit),
        config,
    }))
}

/// An agency name as pairing compares it: widths folded (NFKC), spaces and
/// brackets' width differences gone. Nothing else: `某某区人民政府` and
/// `某某区人民政府办公室` are two agencies.
pub fn agency_key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    name.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '“' | '”' | '"' | '\'' | '·'))
        .collect()
}

/// Pair the reports of one agency in consecutive years. Two files of the
/// same agency and year are duplicates, paired with nothing; a report with
/// no exact pair whose name ends with the name of an unpaired report of the
/// year before (or the other way round) is listed as ambiguous, not paired.
fn pair(reports: &mut [Report]) -> (Vec<Duplicate>, Vec<Ambiguous>) {
    let mut by_key: BTreeMap<(String, i32), Vec<usize>> = BTreeMap::new();
    for (i, r) in reports.iter().enumerate() {
        if let (Some(a), Some(y)) = (&r.agency, r.year) {
            by_key.entry((agency_key(a), y)).or_default().push(i);
        }
    }
    // One report in several forms (the PDF and its transcription): the
    // same tables, read the same. One of them stands for all.
    for v in by_key.values_mut() {
        if v.len() < 2 {
            continue;
        }
        let primary = *v
            .iter()
            .min_by_key(|&&i| (form_rank(reports[i].form), i))
            .expect("non-empty");
        if !v
            .iter()
            .all(|&i| same_report(&reports[primary].cells, &reports[i].cells))
        {
            continue;
        }
        for &i in v.iter().filter(|&&i| i != primary) {
            reports[i].same_as = Some(primary);
        }
        *v = vec![primary];
    }
    let mut duplicates = Vec::new();
    for ((_, year), v) in &by_key {
        if v.len() > 1 {
            duplicates.push(Duplicate {
                agency: reports[v[0]].agency.clone().unwrap_or_default(),
                year: *year,
                reports: v.clone(),
            });
        }
    }
    let mut ambiguous = Vec::new();
    for ((key, year), v) in &by_key {
        let [later] = v.as_slice() else { continue };
        if key.is_empty() {
            continue;
        }
        match by_key.get(&(key.clone(), year - 1)).map(Vec::as_slice) {
            Some([earlier]) => {
                reports[*later].prev = Some(*earlier);
                reports[*earlier].next = Some(*later);
            }
            Some(earlier) => {
                for e in earlier {
                    ambiguous.push(Ambiguous {
                        earlier: *e,
                        later: *later,
                        reason: format!(
                            "上一年度有 {} 份同一机关的报告，无法确定哪一份是上年报告",
                            earlier.len()
                        ),
                    });
                }
            }
            None => {}
        }
    }
    // Similar names: only between reports that found no exact pair, and
    // only with the year before (indexed, so a folder of thousands of
    // unpaired reports compares each with one year's, not all).
    let mut unpaired_earlier: HashMap<i32, Vec<(&str, usize)>> = HashMap::new();
    for ((key, year), v) in &by_key {
        if let [i] = v.as_slice() {
            if reports[*i].next.is_none() && !key.is_empty() {
                unpaired_earlier.entry(*year).or_default().push((key, *i));
            }
        }
    }
    for ((key, year), v) in &by_key {
        let [later] = v.as_slice() else { continue };
        if reports[*later].prev.is_some() || key.is_empty() {
            continue;
        }
        for &(k2, earlier) in unpaired_earlier.get(&(year - 1)).into_iter().flatten() {
            // `淮安市洪泽区人民政府` / `洪泽区人民政府`: one name is the other
            // with the region above it written out. A name that only
            // starts like another (`平潭综合实验区财政金融局`) is a
            // department, another agency.
            if k2 != key && (k2.ends_with(key.as_str()) || key.ends_with(k2)) {
                ambiguous.push(Ambiguous {
                    earlier,
                    later: *later,
                    reason: "机关名称相近但不相同，未配对（名称一致时才作为上年报告比对）".into(),
                });
            }
        }
    }
    // The other forms are checked against the same previous year.
    for i in 0..reports.len() {
        if let Some(p) = reports[i].same_as {
            reports[i].prev = reports[p].prev;
        }
    }
    (duplicates, ambiguous)
}

/// What a caller sees while a review runs: one call per file done.
pub trait Progress: Sync {
    /// A phase (`读取`, `检查`) of `total` files begins.
    fn start(&self, phase: &str, total: usize);
    fn done(&self, path: &Path);
}

/// Read, pair and check every input.
pub fn review(inputs: &[Input], progress: &dyn Progress) -> Review {
    let configs = Mutex::new(HashMap::new());
    progress.start("读取", inputs.len());
    let loaded: Vec<Result<Option<(Loaded, Identity)>, Failed>> = inputs
        .par_iter()
        .map(|input| {
            let r = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                load(input, &configs).map(|l| {
                    l.map(|l| {
                        let id = identify(&l.doc);
                        (l, id)
                    })
                })
            }))
            .unwrap_or_else(|_| {
                Err("内部错误：读取此文件时程序出错（这是 nianbao 的缺陷，请报告）".into())
            });
            progress.done(&input.path);
            r.map_err(|reason| Failed {
                path: input.path.clone(),
                reason,
            })
        })
        .collect();
    let mut failed = Vec::new();
    let mut configs_of = Vec::new();
    let mut reports: Vec<Report> = Vec::new();
    for l in loaded {
        match l {
            Ok(None) => {}
            Ok(Some((l, id))) => {
                configs_of.push(l.config);
                reports.push(Report::new(l.path, l.form, l.doc, l.audit, id));
            }
            Err(f) => failed.push(f),
        }
    }
    let (duplicates, ambiguous) = pair(&mut reports);
    progress.start("检查", reports.len());
    let checked: Vec<Option<Checked>> = reports
        .par_iter()
        .zip(configs_of.par_iter())
        .map(|(r, config)| {
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                check_one(r, &reports, config)
            }));
            progress.done(&r.path);
            out.ok()
        })
        .collect();
    for (r, c) in reports.iter_mut().zip(checked) {
        match c {
            Some((diags, previous)) => {
                r.diagnostics = diags;
                r.previous = previous;
            }
            None => {
                let reason = "内部错误：检查此文件时程序出错（这是 nianbao 的缺陷，请报告）";
                r.check_error = Some(reason.into());
                failed.push(Failed {
                    path: r.path.clone(),
                    reason: reason.into(),
                });
            }
        }
    }
    Review {
        reports,
        failed,
        duplicates,
        ambiguous,
    }
}

/// A review of reports `check` has checked (`check --format html`): each
/// as it was checked (its own `上年报告` only), no pairing in the folder.
pub fn of_checked(
    checked: Vec<(PathBuf, Arc<Document>, Vec<Diagnostic>)>,
    failed: Vec<Failed>,
) -> Review {
    let reports = checked
        .into_iter()
        .map(|(path, doc, diagnostics)| {
            let previous = check::load_previous(&doc, Some(&path), &DiskLoader)
                .map(|p| front_matter_previous(&p));
            let id = identify(&doc);
            Report {
                diagnostics,
                previous,
                ..Report::new(path, Form::Nianbao, doc, None, id)
            }
        })
        .collect();
    Review {
        reports,
        failed,
        duplicates: Vec::new(),
        ambiguous: Vec::new(),
    }
}

/// What the index and the figures show of a report, from one analysis.
struct Identity {
    /// Front matter `机关`, else the agency the title names.
    agency: Option<String>,
    year: Option<i32>,
    edition: Edition,
    cells: BTreeMap<String, rust_decimal::Decimal>,
}

fn identify(doc: &Document) -> Identity {
    identity(&Analysis::analyze(doc))
}

/// [`identify`] of a report already bound to its template.
fn identity(a: &Analysis) -> Identity {
    let doc = a.doc;
    let agency = a
        .front
        .agency
        .as_ref()
        .map(|(v, _)| v.trim().to_string())
        .filter(|v| !v.is_empty())
        .or_else(|| import::emit::agency_from(doc.title().map(|t| t.text.as_str()), &[]));
    Identity {
        agency,
        year: a.year.as_ref().map(|(y, _)| *y),
        edition: a.edition,
        cells: cells_of(a),
    }
}

/// Every numeric cell of the statutory tables, by `table/row/column`.
fn cells_of(a: &Analysis) -> BTreeMap<String, rust_decimal::Decimal> {
    let mut out = BTreeMap::new();
    for t in &a.tables {
        let Some(tt) = t.template else { continue };
        for row in &t.rows {
            let Some(ri) = row.template_row else { continue };
            let rt = &tt.rows[ri];
            for (ci, cell) in row.values.iter().enumerate() {
                let (Some(cell), Some(ct)) = (cell, tt.columns.get(ci)) else {
                    continue;
                };
                if let Some(v) = cell.value.amount() {
                    out.entry(format!("{}/{}/{}", tt.id, rt.id, ct.id))
                        .or_insert(v);
                }
            }
        }
    }
    out
}

/// A report's findings and the previous year's report they compared with.
type Checked = (Vec<Diagnostic>, Option<PreviousFrom>);

/// The `上年报告` a report names, as the figures use it.
fn front_matter_previous(p: &Previous) -> PreviousFrom {
    PreviousFrom::FrontMatter {
        path: check::clean_path(&p.path),
        cells: p.doc.as_ref().ok().map(|d| identity(d.analysis()).cells),
    }
}

/// Check one report with its previous year: its own `上年报告` when it
/// names one (as `check` does), else its pair in the folder.
fn check_one(r: &Report, reports: &[Report], config: &Config) -> Checked {
    let path = (r.form == Form::Nianbao).then_some(r.path.as_path());
    let (previous, from) = match check::load_previous(&r.doc, path, &DiskLoader) {
        Some(p) => {
            let from = front_matter_previous(&p);
            (Some(p), Some(from))
        }
        None => match r.prev {
            Some(i) => (
                Some(Previous {
                    path: reports[i].path.clone(),
                    doc: Ok(Arc::new(Analyzed::of(reports[i].doc.clone(), None))),
                }),
                Some(PreviousFrom::Folder(i)),
            ),
            None => (None, None),
        },
    };
    let parts = path.and_then(|p| check::load_parts(&r.doc, Some(p), &DiskLoader));
    let diags = check::check_with_inputs(&r.doc, previous.as_ref(), parts.as_ref(), config);
    (diags, from)
}

#[cfg(test)]
mod tests;
