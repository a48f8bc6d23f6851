//! A folder of reports for `nianbao review`, the way a reviewer receives them:
//! `cargo run --release -p nianbao --example gen-review -- OUT_DIR [N]
//! [--manifest FILE]` writes N reports (default 1000) of ⌈N/3⌉ agencies, each
//! agency's reports for 2022, 2023 and 2024 in turn (2021 edition), with the
//! same bytes on every run.
//!
//! Numbers are chained as in real reports: this year's 表三 “二、上年结转” is
//! last year's “四、结转下年度继续办理”, 表二 现行有效件数 rolls forward
//! (last year's + 制发 − 废止), and every sum is right, except in a small,
//! known share of reports with a deliberate defect (see [`Defect`]). The front
//! matter has no `上年报告`: the review must pair the years by agency and
//! year. Some agencies have names that differ only by a suffix (某区人民政府 /
//! 某区人民政府办公室); they are different agencies and must not be paired.
//!
//! File names say nothing about the agency (`r0042-2023.nianbao`). With
//! `--manifest FILE` (keep it outside OUT_DIR) a JSON array describes each
//! report: file, agency, year, defect, the codes it must produce, and the
//! figures as written (`t3/new/total`: 表三 “一、本年新收” 总计; every
//! count of 表二, 表三 and 表四, by table, row and column id).

#[path = "../benches/gen/mod.rs"]
mod gen;

use gen::Rng;
use nianbao::template::{CellKind, Edition, TableTemplate};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;

const SEED: u64 = 0x7265_7669_6577_2121;
const FIRST_YEAR: i32 = 2022;
const YEARS: usize = 3;

/// A deliberate defect; each report has at most one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Defect {
    /// 表三 “二、上年结转” of one column differs from last year's “四、结转下年度”
    /// (the report's own sums still hold): NB305, found only across years.
    CarryOver,
    /// 表二 现行有效件数 of one row does not roll forward from last year: NB306.
    RollForward,
    /// 表三 “（七）总计” of one column is off: NB302 and NB303.
    WrongTotal,
    /// 表四 总计 of one row is off: NB304.
    WrongReviewTotal,
    /// 表四 left out, a sentence in its place: NB120.
    MissingTable,
    /// A `/` in a value cell of 表二 第二十条第（六）项: NB202.
    Placeholder,
}

impl Defect {
    fn name(self) -> &'static str {
        match self {
            Defect::CarryOver => "carry-over",
            Defect::RollForward => "roll-forward",
            Defect::WrongTotal => "wrong-total",
            Defect::WrongReviewTotal => "wrong-review-total",
            Defect::MissingTable => "missing-table",
            Defect::Placeholder => "placeholder",
        }
    }
    /// Codes the defect must produce in a review (the others it may produce
    /// are `check`'s business, compared file by file).
    fn codes(self) -> &'static [&'static str] {
        match self {
            Defect::CarryOver => &["NB305"],
            Defect::RollForward => &["NB306"],
            Defect::WrongTotal => &["NB302", "NB303"],
            Defect::WrongReviewTotal => &["NB304"],
            Defect::MissingTable => &["NB120"],
            Defect::Placeholder => &["NB202"],
        }
    }
}

/// Pairs of agencies whose names differ only by a suffix: never the same
/// agency. They come first, so every folder of 12 reports or more has them.
const SIMILAR: &[(&str, &str)] = &[
    ("某某区人民政府", "某某区人民政府办公室"),
    ("杭州市西湖区人民政府", "杭州市西湖区人民政府办公室"),
    (
        "成都市武侯区市场监督管理局",
        "成都市武侯区市场监督管理局经济技术开发区分局",
    ),
    ("南京市鼓楼区教育局", "南京市鼓楼区教育局机关"),
];

/// Regions and agencies of the other names. No region of the real fixtures
/// (平潭, 洪泽, 淮安, 鹤岗市工农区, 上海市科委): a review of both would pair them.
const REGIONS: &[&str] = &[
    "北京市朝阳区",
    "天津市滨海新区",
    "重庆市渝中区",
    "广州市天河区",
    "深圳市南山区",
    "武汉市江汉区",
    "西安市雁塔区",
    "长沙市岳麓区",
    "郑州市金水区",
    "济南市历下区",
    "哈尔滨市南岗区",
    "昆明市五华区",
    "兰州市城关区",
    "乌鲁木齐市天山区",
    "苏州市吴中区",
    "青岛市市南区",
    "大连市中山区",
    "合肥市蜀山区",
    "南昌市东湖区",
    "贵阳市云岩区",
    "某某县",
    "某某市",
];
use gen::AGENCIES;

/// `k` distinct agency names: the similar pairs, then regions × agencies in
/// an order fixed by the seed.
fn agencies(rng: &mut Rng, k: usize) -> Vec<String> {
    let mut names: Vec<String> = SIMILAR
        .iter()
        .flat_map(|(a, b)| [a.to_string(), b.to_string()])
        .collect();
    let mut rest: Vec<String> = REGIONS
        .iter()
        .flat_map(|r| AGENCIES.iter().map(move |a| format!("{r}{a}")))
        .filter(|n| !names.contains(n))
        .collect();
    // Fisher–Yates with the corpus's own generator.
    for i in (1..rest.len()).rev() {
        let j = rng.below(i as u64 + 1) as usize;
        rest.swap(i, j);
    }
    names.extend(rest);
    assert!(k <= names.len(), "at most {} agencies", names.len());
    names.truncate(k);
    names
}

/// What one year leaves to the next: 表三 “四、结转下年度” per column (without
/// the 总计 column) and 表二 现行有效件数 per row.
#[derive(Debug, Clone, Default)]
struct Carry {
    t3_next: Vec<i64>,
    t2_valid: BTreeMap<String, i64>,
}

struct Report {
    text: String,
    defect: Option<Defect>,
    /// Every count written, by `table/row/column` id.
    figures: BTreeMap<String, i64>,
}

fn pick_defect(rng: &mut Rng, has_previous: bool) -> Option<Defect> {
    // About 15% of the reports, cross-year ones only where a previous year is.
    match rng.below(100) {
        0..=3 if has_previous => Some(Defect::CarryOver),
        4..=6 if has_previous => Some(Defect::RollForward),
        7..=9 => Some(Defect::WrongTotal),
        10..=11 => Some(Defect::WrongReviewTotal),
        12 => Some(Defect::MissingTable),
        13..=14 => Some(Defect::Placeholder),
        _ => None,
    }
}

fn table_text(tt: &TableTemplate, cells: &BTreeMap<String, Vec<String>>, out: &mut String) {
    let _ = writeln!(out, "| {} |", tt.header_labels().join(" | "));
    out.push_str("| --- |");
    for _ in &tt.columns {
        out.push_str(" ---: |");
    }
    out.push('\n');
    for r in &tt.rows {
        out.push_str("| ");
        out.push_str(&r.label);
        match cells.get(&r.id) {
            Some(vals) => {
                for v in vals {
                    out.push_str(" | ");
                    out.push_str(v);
                }
            }
            None => {
                for _ in &tt.columns {
                    out.push_str(" | ");
                }
            }
        }
        out.push_str(" |\n");
    }
    out.push('\n');
}

fn numbers(rows: BTreeMap<String, Vec<i64>>) -> BTreeMap<String, Vec<String>> {
    rows.into_iter()
        .map(|(id, v)| (id, v.iter().map(i64::to_string).collect()))
        .collect()
}

/// 表二 第二十条第（一）项, rolled forward from `prev`.
fn table_t2_1(
    rng: &mut Rng,
    tt: &TableTemplate,
    prev: Option<&Carry>,
    defect: Option<Defect>,
    carry: &mut Carry,
) -> BTreeMap<String, Vec<String>> {
    let data: Vec<&str> = tt.rows.iter().map(|r| r.id.as_str()).collect();
    let broken = (defect == Some(Defect::RollForward)).then(|| *rng.pick(&data));
    let mut rows = BTreeMap::new();
    for id in data {
        let stock = match prev.and_then(|p| p.t2_valid.get(id)) {
            Some(&v) => v,
            None => rng.range(0, 400),
        };
        let made = rng.range(0, 40);
        let repealed = rng.range(0, (stock + made).min(15));
        let mut valid = stock + made - repealed;
        if broken == Some(id) {
            valid += rng.range(1, 9);
        }
        carry.t2_valid.insert(id.to_string(), valid);
        rows.insert(id.to_string(), vec![made, repealed, valid]);
    }
    numbers(rows)
}

/// 表三: carried in from `prev`, balanced, row totals right.
fn table_t3(
    rng: &mut Rng,
    tt: &TableTemplate,
    prev: Option<&Carry>,
    defect: Option<Defect>,
    carry: &mut Carry,
) -> BTreeMap<String, Vec<String>> {
    let ncols = tt.columns.len();
    let total_col = tt.column("total").unwrap().0;
    let parts: Vec<&str> = tt
        .rows
        .iter()
        .filter(|r| !r.group && !["new", "carried", "total", "carry-next"].contains(&r.id.as_str()))
        .map(|r| r.id.as_str())
        .collect();
    let mut v: BTreeMap<String, Vec<i64>> = tt
        .rows
        .iter()
        .filter(|r| !r.group)
        .map(|r| (r.id.clone(), vec![0; ncols]))
        .collect();
    for c in (0..ncols).filter(|&c| c != total_col) {
        let carried = match prev {
            Some(p) => p.t3_next[c],
            None => rng.range(0, 3),
        };
        let new = if c == 0 {
            rng.range(0, 300)
        } else {
            rng.count().min(60)
        };
        let available = new + carried;
        let next = rng.range(0, available.min(6));
        let mut rest = available - next;
        // Mostly 予以公开, 部分公开 and 本机关不掌握, as in real reports.
        while rest > 0 {
            let part = match rng.below(10) {
                0..=3 => "public",
                4..=5 => "partial",
                6..=7 => "unable-1",
                _ => *rng.pick(&parts),
            };
            let x = rng.range(1, rest.min(25));
            v.get_mut(part).unwrap()[c] += x;
            rest -= x;
        }
        let done: i64 = parts.iter().map(|p| v[*p][c]).sum();
        for (id, x) in [
            ("new", new),
            ("carried", carried),
            ("total", done),
            ("carry-next", next),
        ] {
            v.get_mut(id).unwrap()[c] = x;
        }
    }
    if defect == Some(Defect::CarryOver) {
        // Carried and carried forward both raised: this report balances,
        // only last year's report disagrees.
        let c = rng.below(total_col as u64) as usize;
        let d = rng.range(1, 5);
        v.get_mut("carried").unwrap()[c] += d;
        v.get_mut("carry-next").unwrap()[c] += d;
    }
    for row in v.values_mut() {
        row[total_col] = (0..ncols).filter(|&c| c != total_col).map(|c| row[c]).sum();
    }
    carry.t3_next = v["carry-next"].clone();
    let mut cells = numbers(v);
    if defect == Some(Defect::WrongTotal) {
        let c = rng.below(total_col as u64) as usize;
        let cell = &mut cells.get_mut("total").unwrap()[c];
        *cell = (cell.parse::<i64>().unwrap() + rng.range(1, 5)).to_string();
    }
    cells
}

/// Any other table: gen's numbers (sums right), 表四's total broken or a
/// placeholder in 第二十条第（六）项 on demand.
fn table_other(
    rng: &mut Rng,
    tt: &TableTemplate,
    defect: Option<Defect>,
) -> BTreeMap<String, Vec<String>> {
    let nums = gen::fill(rng, tt);
    let mut cells = gen::render_values(rng, tt, &nums);
    if tt.id == "t4" && defect == Some(Defect::WrongReviewTotal) {
        let row = *rng.pick(&["review", "lit-direct", "lit-after"]);
        let ti = tt.column("total").unwrap().0;
        let cell = &mut cells.get_mut(row).unwrap()[ti];
        *cell = (cell.parse::<i64>().unwrap() + rng.range(1, 5)).to_string();
    }
    if tt.id == "t2-6" && defect == Some(Defect::Placeholder) {
        let row = *rng.pick(&["penalty", "coercion"]);
        cells.get_mut(row).unwrap()[0] = "/".into();
    }
    cells
}

fn report(
    rng: &mut Rng,
    agency: &str,
    year: i32,
    prev: Option<&Carry>,
    carry: &mut Carry,
) -> Report {
    let edition = Edition::parse("2021").expect("the 2021 edition");
    let template = edition.template();
    let defect = pick_defect(rng, prev.is_some());
    let mut s = String::with_capacity(8 * 1024);
    let mut figures = BTreeMap::new();
    let _ = write!(
        s,
        "---\n机关: {agency}\n年度: {year}\n---\n\n# {agency}{year}年政府信息公开工作年度报告\n\n\
         本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限为{year}年1月1日至12月31日。\n\n"
    );
    for (si, sec) in template.sections.iter().enumerate() {
        let _ = write!(s, "## {}\n\n", sec.heading());
        match si {
            0 => {
                let chars = rng.range(150, 500) as usize;
                gen::prose(rng, agency, year, chars, &mut s)
            }
            4 => {
                s.push_str("一是政府信息公开的及时性有待提高，部分信息发布存在滞后现象。\n\n");
                s.push_str(
                    "二是政策解读形式较为单一。下一步将完善信息发布审核流程，加强业务培训。\n\n",
                );
            }
            5 => s.push_str("本年度未收取信息处理费。\n\n"),
            _ => {}
        }
        for tt in template.tables.iter().filter(|t| t.section == sec.numeral) {
            if tt.id == "t4" && defect == Some(Defect::MissingTable) {
                s.push_str("本年度未发生政府信息公开行政复议、行政诉讼。\n\n");
                continue;
            }
            if let Some(cap) = &tt.caption {
                let _ = write!(s, "### {cap}\n\n");
            }
            let cells = match tt.id.as_str() {
                "t2-1" => table_t2_1(rng, tt, prev, defect, carry),
                "t3" => table_t3(rng, tt, prev, defect, carry),
                _ => table_other(rng, tt, defect),
            };
            if tt.columns.iter().all(|c| matches!(c.kind, CellKind::Count)) {
                for (row, vals) in &cells {
                    for (col, v) in tt.columns.iter().zip(vals) {
                        if let Ok(n) = v.parse::<i64>() {
                            figures.insert(format!("{}/{row}/{}", tt.id, col.id), n);
                        }
                    }
                }
            }
            table_text(tt, &cells, &mut s);
        }
    }
    Report {
        text: s,
        defect,
        figures,
    }
}

fn main() -> std::io::Result<()> {
    let mut args: Vec<String> = std::env::args().skip(1).collect();
    let manifest = match args.iter().position(|a| a == "--manifest") {
        Some(i) if i + 1 < args.len() => {
            let m = args.remove(i + 1);
            args.remove(i);
            Some(PathBuf::from(m))
        }
        Some(_) => usage(),
        None => None,
    };
    let (dir, n): (PathBuf, usize) = match args.as_slice() {
        [dir] => (PathBuf::from(dir), 1000),
        [dir, n] => (PathBuf::from(dir), n.parse().unwrap_or_else(|_| usage())),
        _ => usage(),
    };
    std::fs::create_dir_all(&dir)?;
    let mut rng = Rng::new(SEED);
    let names = agencies(&mut rng, n.div_ceil(YEARS));
    let mut entries = Vec::with_capacity(n);
    for i in 0..n {
        let agency = &names[i / YEARS];
        let year = FIRST_YEAR + (i % YEARS) as i32;
        // Each report from its own stream: report i depends on (SEED, i) only.
        let mut rng = Rng::new(SEED ^ (i as u64 + 1).wrapping_mul(0xd605_bbb5_8c8a_bd33));
        let prev = (i % YEARS > 0).then(|| entries_carry(&entries, i - 1));
        let mut carry = Carry::default();
        let r = report(&mut rng, agency, year, prev.as_ref(), &mut carry);
        let file = format!("r{i:04}-{year}.nianbao");
        std::fs::write(dir.join(&file), &r.text)?;
        entries.push((file, agency.clone(), year, r.defect, carry, r.figures));
    }
    if let Some(path) = manifest {
        let json: Vec<serde_json::Value> = entries
            .iter()
            .map(|(file, agency, year, defect, _, figures)| {
                serde_json::json!({
                    "file": file,
                    "agency": agency,
                    "year": year,
                    "defect": defect.map(Defect::name),
                    "codes": defect.map_or(&[][..], Defect::codes),
                    "figures": figures,
                })
            })
            .collect();
        let mut text = serde_json::to_string_pretty(&json).expect("JSON");
        text.push('\n');
        std::fs::write(path, text)?;
    }
    Ok(())
}

type Entry = (
    String,
    String,
    i32,
    Option<Defect>,
    Carry,
    BTreeMap<String, i64>,
);

fn entries_carry(entries: &[Entry], i: usize) -> Carry {
    entries[i].4.clone()
}

fn usage() -> ! {
    eprintln!("usage: gen-review OUT_DIR [N] [--manifest FILE]");
    std::process::exit(2)
}
