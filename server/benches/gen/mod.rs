//! A deterministic corpus of realistic reports, for the benchmarks and the
//! robustness and soak tests. Include it with
//! `#[path = "../benches/gen/mod.rs"] mod gen;` (from `tests/`) or
//! `#[path = "gen/mod.rs"] mod gen;` (from `benches/`).
//!
//! Tables are built from the edition templates themselves, so labels stay in
//! step with the checker; numbers satisfy the template's sum checks unless a
//! [`Fault`] says otherwise. Everything comes from a seed: same seed, same
//! bytes, on every machine (hence the small hand-written PRNG rather than a
//! crate whose streams may change between versions).

#![allow(dead_code)] // each includer uses a different part

use nianbao::template::{CellKind, Edition, SumCheck, TableTemplate};
use std::collections::BTreeMap;

/// SplitMix64: tiny, fast, and its output is fixed forever.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        self.next_u64() % n.max(1)
    }
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    /// A count as reports have them: mostly zero or small, now and then large.
    pub fn count(&mut self) -> i64 {
        match self.below(10) {
            0..=4 => 0,
            5..=7 => self.range(1, 9),
            8 => self.range(10, 99),
            _ => self.range(100, 2000),
        }
    }
}

/// A deliberate defect, so the corpus exercises the rules' error paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fault {
    /// A stated total in 表三 or 表四 is off by a few (NB301–NB304).
    BrokenSum,
    /// A data row of 表三 left out (NB124, and usually a broken sum).
    MissingRow,
    /// Section 五 or 六 left out (NB110).
    MissingSection,
    /// A known-variant, wrongly numbered or free-worded section title (NB113/NB114).
    WrongHeading,
    /// `/`, `—` or `无` in a value cell (NB202).
    Placeholder,
    /// Full-width digits in a value cell (NB208).
    FullWidthDigits,
    /// A blank value cell (NB201).
    BlankCell,
    /// Words where a number belongs (NB203).
    NotANumber,
    /// A table row missing its closing pipe (NB001).
    UnclosedRow,
    /// An unknown front-matter key (NB101).
    UnknownKey,
}

impl Fault {
    pub const ALL: [Fault; 10] = [
        Fault::BrokenSum,
        Fault::MissingRow,
        Fault::MissingSection,
        Fault::WrongHeading,
        Fault::Placeholder,
        Fault::FullWidthDigits,
        Fault::BlankCell,
        Fault::NotANumber,
        Fault::UnclosedRow,
        Fault::UnknownKey,
    ];
}

#[derive(Debug, Clone)]
pub struct Report {
    pub text: String,
    pub agency: String,
    pub year: i32,
    pub edition: Edition,
    /// Empty for a report that should check clean.
    pub faults: Vec<Fault>,
    pub crlf: bool,
}

/// Share of reports with at least one fault.
pub const FAULTY_SHARE: f64 = 0.3;

/// `n` reports from `seed`; report `i` depends only on `(seed, i)`.
pub fn corpus(seed: u64, n: usize) -> Vec<Report> {
    (0..n as u64).map(|i| report(seed, i)).collect()
}

/// Report number `index` of the corpus of `seed`.
pub fn report(seed: u64, index: u64) -> Report {
    let mut rng = Rng::new(seed ^ index.wrapping_mul(0xd605_bbb5_8c8a_bd33));
    let mut faults = Vec::new();
    if rng.chance(FAULTY_SHARE) {
        let n = 1 + rng.below(2);
        for _ in 0..n {
            let f = *rng.pick(&Fault::ALL);
            if !faults.contains(&f) {
                faults.push(f);
            }
        }
    }
    let year = rng.range(2019, 2025) as i32;
    let prose_scale = rng.range(1, 10) as usize;
    build(&mut rng, year, faults, prose_scale, 0)
}

/// A clean report of about `bytes` bytes, the bulk of it prose in section
/// 一 (how real reports grow: long narratives, not longer tables).
pub fn big_report(seed: u64, bytes: usize) -> Report {
    let mut rng = Rng::new(seed);
    build(&mut rng, 2021, Vec::new(), 4, bytes)
}

const REGIONS: &[&str] = &[
    "北京市",
    "上海市浦东新区",
    "天津市滨海新区",
    "重庆市渝中区",
    "鹤岗市工农区",
    "成都市武侯区",
    "杭州市西湖区",
    "广州市天河区",
    "深圳市南山区",
    "武汉市江汉区",
    "西安市雁塔区",
    "南京市鼓楼区",
    "长沙市岳麓区",
    "郑州市金水区",
    "济南市历下区",
    "哈尔滨市南岗区",
    "昆明市五华区",
    "兰州市城关区",
    "乌鲁木齐市天山区",
    "拉萨市城关区",
    "某某县",
    "某某市",
    "苏州市吴中区",
    "青岛市市南区",
    "大连市中山区",
];
/// Agencies of the kind that publish reports (shared with `gen-review`).
pub const AGENCIES: &[&str] = &[
    "人民政府",
    "人民政府办公室",
    "生态环境局",
    "教育局",
    "财政局",
    "卫生健康委员会",
    "市场监督管理局",
    "自然资源和规划局",
    "住房和城乡建设局",
    "交通运输局",
    "公安局",
    "民政局",
    "人力资源和社会保障局",
    "农业农村局",
    "应急管理局",
    "审计局",
    "统计局",
    "水务局",
    "文化和旅游局",
    "发展和改革委员会",
    "司法局",
    "退役军人事务局",
];

/// Sentences of the kind these reports are made of; `{A}` is the agency,
/// `{Y}` the year.
const SENTENCES: &[&str] = &[
    "{Y}年，{A}坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻落实《中华人民共和国政府信息公开条例》，坚持“以公开为常态、不公开为例外”原则。",
    "围绕中心工作，进一步完善政府信息公开制度，规范依申请公开办理流程，不断提升政务公开质量和实效。",
    "全年通过政府门户网站主动公开各类政府信息，及时发布机构职能、政策文件、财政预决算、重大建设项目等信息。",
    "加强政策解读工作，坚持政策性文件与解读方案、解读材料同步组织、同步审签、同步部署。",
    "严格落实依申请公开工作规范，做到受理、登记、审核、答复全流程闭环管理，按照法定时限答复申请人。",
    "健全政府信息公开平台建设，优化政府网站栏目设置，推动政务新媒体规范发展，拓宽公开渠道。",
    "加强监督保障，将政务公开工作纳入年度绩效考核，定期开展自查自纠，及时整改发现的问题。",
    "组织开展政务公开业务培训，提高工作人员的公开意识和业务能力，确保各项工作落到实处。",
    "聚焦群众关切，围绕教育、医疗、就业、社会保障、生态环境等重点领域加大信息公开力度。",
    "做好疫情防控、安全生产、防汛抗旱等突发事件信息发布，回应社会关切，正确引导舆论。",
    "推进基层政务公开标准化规范化建设，编制完善主动公开基本目录，逐项明确公开内容和时限。",
    "坚持公开与保密相统一，严格落实公开前保密审查机制，确保公开信息安全准确。",
    "下一步，{A}将进一步提高政治站位，强化责任担当，持续推动政务公开工作提质增效。",
    "本年度依申请公开工作运行平稳，未发生因政府信息公开引发的重大舆情。",
];

const PROBLEMS: &[&str] = &[
    "一是政府信息公开的及时性有待提高，部分信息发布存在滞后现象。",
    "二是政策解读形式较为单一，图解、视频等多元化解读方式运用不够。",
    "三是工作人员业务能力有待加强，对条例的理解和把握还不够深入。",
    "针对上述问题，下一步将完善信息发布审核流程，加强业务培训，丰富解读形式。",
    "四是依申请公开答复文书的规范性仍需提升，个别答复说理不够充分。",
];

const PLACEHOLDERS: &[&str] = &["/", "—", "无", "-"];

fn sentence(rng: &mut Rng, agency: &str, year: i32) -> String {
    rng.pick(SENTENCES)
        .replace("{A}", agency)
        .replace("{Y}", &year.to_string())
}

/// Paragraphs of at least `chars` characters in total.
pub fn prose(rng: &mut Rng, agency: &str, year: i32, chars: usize, out: &mut String) {
    let mut written = 0;
    while written < chars {
        let mut para = String::new();
        for _ in 0..rng.range(2, 6) {
            para.push_str(&sentence(rng, agency, year));
        }
        written += para.chars().count();
        out.push_str(&para);
        out.push_str("\n\n");
    }
}

/// Values of one table, by row id then column index.
type Values = BTreeMap<String, Vec<String>>;

/// Fill a table's data rows with numbers that satisfy its sum checks.
pub fn fill(rng: &mut Rng, tt: &TableTemplate) -> BTreeMap<String, Vec<i64>> {
    let mut v: BTreeMap<String, Vec<i64>> = tt
        .rows
        .iter()
        .filter(|r| !r.group)
        .map(|r| {
            (
                r.id.clone(),
                tt.columns
                    .iter()
                    .map(|c| match c.kind {
                        CellKind::Signed => rng.range(-3, 5),
                        _ => rng.count(),
                    })
                    .collect(),
            )
        })
        .collect();
    let ncols = tt.columns.len();
    // Column totals first, then balances (which may read a total), then row
    // totals: each step is linear, so the earlier ones stay true.
    for check in &tt.checks {
        if let SumCheck::ColumnTotal { total, parts, .. } = check {
            for c in 0..ncols {
                let s = parts.iter().map(|p| v[p][c]).sum();
                v.get_mut(total).unwrap()[c] = s;
            }
        }
    }
    for check in &tt.checks {
        if let SumCheck::Balance { lhs, rhs, .. } = check {
            for c in 0..ncols {
                let s: i64 = rhs.iter().map(|r| v[r][c]).sum();
                let mut rest = s;
                for l in &lhs[1..] {
                    let x = rng.range(0, rest.min(20));
                    v.get_mut(l).unwrap()[c] = x;
                    rest -= x;
                }
                v.get_mut(&lhs[0]).unwrap()[c] = rest;
            }
        }
    }
    for check in &tt.checks {
        if let SumCheck::RowTotal { total, parts, .. } = check {
            let ti = tt.column(total).unwrap().0;
            let pis: Vec<usize> = parts.iter().map(|p| tt.column(p).unwrap().0).collect();
            for row in v.values_mut() {
                row[ti] = pis.iter().map(|&p| row[p]).sum();
            }
        }
    }
    v
}

pub fn render_values(
    rng: &mut Rng,
    tt: &TableTemplate,
    nums: &BTreeMap<String, Vec<i64>>,
) -> Values {
    nums.iter()
        .map(|(id, row)| {
            let cells = row
                .iter()
                .zip(&tt.columns)
                .map(|(&n, c)| match c.kind {
                    CellKind::Count => n.to_string(),
                    CellKind::Signed if n > 0 => format!("+{n}"),
                    CellKind::Signed => n.to_string(),
                    CellKind::Amount if n == 0 => "0".into(),
                    CellKind::Amount => format!("{}.{:02}", n % 50, rng.below(100)),
                    CellKind::AmountWithUnit if n == 0 => "0".into(),
                    CellKind::AmountWithUnit => match rng.below(3) {
                        0 => format!("{}元", n * 1000),
                        1 => format!("{}.{}万元", n, rng.below(10)),
                        _ => n.to_string(),
                    },
                })
                .collect();
            (id.clone(), cells)
        })
        .collect()
}

/// Row ids whose stated numbers a broken sum may touch.
fn total_cells(tt: &TableTemplate) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for check in &tt.checks {
        match check {
            SumCheck::ColumnTotal { total, .. } => {
                out.extend((0..tt.columns.len()).map(|c| (total.clone(), c)))
            }
            SumCheck::RowTotal { total, .. } => {
                let ti = tt.column(total).unwrap().0;
                out.extend(
                    tt.rows
                        .iter()
                        .filter(|r| !r.group)
                        .map(|r| (r.id.clone(), ti)),
                )
            }
            SumCheck::Balance { .. } => {}
        }
    }
    out
}

fn render_table(
    rng: &mut Rng,
    tt: &TableTemplate,
    faults: &[Fault],
    applied: &mut Vec<Fault>,
    out: &mut String,
) {
    let nums = fill(rng, tt);
    let mut cells = render_values(rng, tt, &nums);
    let has_checks = !tt.checks.is_empty();
    if has_checks && faults.contains(&Fault::BrokenSum) && !applied.contains(&Fault::BrokenSum) {
        let targets = total_cells(tt);
        let (row, col) = rng.pick(&targets).clone();
        let n = nums[&row][col];
        let delta = rng.range(1, 5);
        let broken = if n >= delta && rng.chance(0.5) {
            n - delta
        } else {
            n + delta
        };
        cells.get_mut(&row).unwrap()[col] = broken.to_string();
        applied.push(Fault::BrokenSum);
    }
    let mut missing = None;
    if tt.id == "t3" && faults.contains(&Fault::MissingRow) {
        let data: Vec<&str> = tt
            .rows
            .iter()
            .filter(|r| !r.group && r.id != "total")
            .map(|r| r.id.as_str())
            .collect();
        missing = Some(rng.pick(&data).to_string());
        applied.push(Fault::MissingRow);
    }
    // One cell-level fault per report, in the first table with data rows.
    let cell_faults = [
        Fault::Placeholder,
        Fault::FullWidthDigits,
        Fault::BlankCell,
        Fault::NotANumber,
    ];
    for f in cell_faults {
        if faults.contains(&f) && !applied.contains(&f) {
            let ids: Vec<&String> = cells
                .keys()
                .filter(|k| Some(*k) != missing.as_ref())
                .collect();
            if ids.is_empty() {
                continue;
            }
            let mut ids = ids;
            ids.sort();
            let row = rng.pick(&ids).to_string();
            let col = rng.below(tt.columns.len() as u64) as usize;
            let cell = &mut cells.get_mut(&row).unwrap()[col];
            *cell = match f {
                Fault::Placeholder => rng.pick(PLACEHOLDERS).to_string(),
                Fault::FullWidthDigits => {
                    let digits = if cell.chars().all(|c| c.is_ascii_digit()) {
                        cell.as_str()
                    } else {
                        "12"
                    };
                    digits
                        .chars()
                        .map(|c| char::from_u32(c as u32 + 0xfee0).unwrap_or(c))
                        .collect()
                }
                Fault::BlankCell => String::new(),
                _ => "若干".to_string(),
            };
            applied.push(f);
        }
    }

    let header = tt.header_labels();
    out.push_str("| ");
    out.push_str(&header.join(" | "));
    out.push_str(" |\n| --- |");
    for _ in &tt.columns {
        out.push_str(" ---: |");
    }
    out.push('\n');
    let unclosed = faults.contains(&Fault::UnclosedRow) && !applied.contains(&Fault::UnclosedRow);
    let keep_groups = rng.chance(0.8);
    let mut wrote_unclosed = false;
    for r in &tt.rows {
        if Some(&r.id) == missing.as_ref() || (r.group && !keep_groups) {
            continue;
        }
        out.push_str("| ");
        out.push_str(&r.label);
        match cells.get(&r.id) {
            Some(vals) => {
                for v in vals {
                    out.push_str(" | ");
                    out.push_str(v);
                }
                if unclosed && !wrote_unclosed {
                    wrote_unclosed = true;
                    out.push('\n');
                } else {
                    out.push_str(" |\n");
                }
            }
            None => {
                for _ in &tt.columns {
                    out.push_str(" | ");
                }
                out.push_str(" |\n");
            }
        }
    }
    if wrote_unclosed {
        applied.push(Fault::UnclosedRow);
    }
    out.push('\n');
}

fn build(
    rng: &mut Rng,
    year: i32,
    faults: Vec<Fault>,
    prose_scale: usize,
    pad_to: usize,
) -> Report {
    let edition = Edition::for_year(year).expect("corpus years are 2019 or later");
    let template = edition.template();
    let agency = format!("{}{}", rng.pick(REGIONS), rng.pick(AGENCIES));
    let mut applied = Vec::new();
    let mut s = String::with_capacity(8 * 1024 + pad_to);

    let front_matter = rng.chance(0.85) || faults.contains(&Fault::UnknownKey);
    if front_matter {
        s.push_str(&format!("---\n机关: {agency}\n年度: {year}\n"));
        if faults.contains(&Fault::UnknownKey) {
            s.push_str("负责人: 张三\n");
            applied.push(Fault::UnknownKey);
        }
        s.push_str("---\n\n");
    }
    s.push_str(&format!("# {agency}{year}年政府信息公开工作年度报告\n\n"));
    s.push_str(&format!(
        "本报告根据《中华人民共和国政府信息公开条例》要求编制。本报告中所列数据的统计期限为{year}年1月1日至12月31日。\n\n"
    ));

    let dropped_section =
        faults
            .contains(&Fault::MissingSection)
            .then(|| if rng.chance(0.5) { 4 } else { 5 });
    let wrong_heading = faults
        .contains(&Fault::WrongHeading)
        .then(|| rng.below(6) as usize);

    for (si, sec) in template.sections.iter().enumerate() {
        if dropped_section == Some(si) {
            applied.push(Fault::MissingSection);
            continue;
        }
        let heading = if wrong_heading == Some(si) {
            applied.push(Fault::WrongHeading);
            match rng.below(3) {
                0 if !sec.variants.is_empty() => {
                    format!("{}、{}", sec.numeral, rng.pick(&sec.variants))
                }
                1 => format!("{}、 {}", si + 1, sec.title),
                _ => format!(
                    "{}、我{}存在的情况",
                    sec.numeral,
                    if rng.chance(0.5) { "区" } else { "局" }
                ),
            }
        } else {
            sec.heading()
        };
        s.push_str(&format!("## {heading}\n\n"));
        match si {
            0 => {
                let mut chars = rng.range(200, 600) as usize * prose_scale;
                if pad_to > 0 {
                    chars = pad_to / 3;
                }
                if rng.chance(0.4) {
                    for sub in [
                        "（一）主动公开",
                        "（二）依申请公开",
                        "（三）政府信息管理",
                        "（四）平台建设",
                    ] {
                        s.push_str(&format!("### {sub}\n\n"));
                        prose(rng, &agency, year, chars / 4, &mut s);
                    }
                } else {
                    prose(rng, &agency, year, chars, &mut s);
                }
            }
            4 => {
                for p in &PROBLEMS[..rng.range(2, PROBLEMS.len() as i64) as usize] {
                    s.push_str(p);
                    s.push_str("\n\n");
                }
                let chars = rng.range(100, 300) as usize * prose_scale / 2;
                prose(rng, &agency, year, chars, &mut s);
            }
            5 => {
                if edition.template().fee_report.is_some() {
                    s.push_str("本年度未收取信息处理费。\n\n");
                } else {
                    s.push_str("无其他需要报告的事项。\n\n");
                }
            }
            _ => {}
        }
        for tt in template.tables.iter().filter(|t| t.section == sec.numeral) {
            if let Some(cap) = &tt.caption {
                s.push_str(&format!("### {cap}\n\n"));
            }
            render_table(rng, tt, &faults, &mut applied, &mut s);
        }
    }
    applied.sort_by_key(|f| Fault::ALL.iter().position(|g| g == f));
    applied.dedup();
    let crlf = rng.chance(0.1);
    if crlf {
        s = s.replace('\n', "\r\n");
    }
    Report {
        text: s,
        agency,
        year,
        edition,
        faults: applied,
        crlf,
    }
}
