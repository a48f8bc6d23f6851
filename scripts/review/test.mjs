// Headless Chromium test of the site `nianbao review` writes: what a reviewer
// does with it (sort, filter, follow a row to its report, read the findings
// and the charts), each held to the CLI's own answer (`nianbao check`).
//
//   node scripts/review/test.mjs --site DIR --reports DIR [--cwd DIR] \
//     --manifest FILE --nianbao BIN --screenshots DIR [--chromium BIN]
//
// REPORTS is the folder that was reviewed: the generated reports (MANIFEST,
// written by `gen-review --manifest`), real reports under any subfolder, and
// inputs that are no report under REPORTS/bad/, and under REPORTS/dup/ copies
// of reports elsewhere in the folder (two files claiming one agency and year). Prints one line per check and
// "N passed, N failed"; exits 1 on any failure. CWD is where the review ran:
// the paths on the pages are relative to it.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const { values: opts } = parseArgs({
  options: {
    site: { type: "string" },
    reports: { type: "string" },
    cwd: { type: "string", default: process.cwd() },
    manifest: { type: "string" },
    nianbao: { type: "string" },
    screenshots: { type: "string" },
    chromium: { type: "string", default: process.env.CHROMIUM ?? "/usr/bin/chromium" },
  },
});
for (const k of ["site", "reports", "manifest", "nianbao", "screenshots"]) {
  if (!opts[k]) {
    console.error(`usage: test.mjs --site DIR --reports DIR --manifest FILE --nianbao BIN --screenshots DIR (missing --${k})`);
    process.exit(2);
  }
}
const site = path.resolve(opts.site);
const reportsDir = path.resolve(opts.reports);
const badDir = path.join(reportsDir, "bad");
const dupDir = path.join(reportsDir, "dup");
const manifest = JSON.parse(fs.readFileSync(opts.manifest, "utf8"));

let passed = 0;
let failed = 0;
function check(ok, what, detail = "") {
  if (ok) {
    passed++;
    console.log(`ok   ${what}`);
  } else {
    failed++;
    console.log(`FAIL ${what}${detail ? `\n     ${String(detail).replace(/\n/g, "\n     ")}` : ""}`);
  }
  return ok;
}
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)} s`;

// Codes only a review finds (the years are paired by the review, not by front
// matter): held to the generator's manifest, not to `check` file by file.
const CROSS_YEAR = new Set(["NB305", "NB306"]);
const FORMS = { ".nianbao": "nianbao", ".html": "html", ".htm": "html", ".docx": "docx", ".pdf": "pdf", ".txt": "text" };

// ------------------------------------------------- the CLI's own answer ---

function walk(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name)) : [path.join(dir, e.name)]))
    .sort();
}
const sources = walk(reportsDir).filter((f) => !f.startsWith(badDir + path.sep));
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-review-test-"));
process.on("exit", () => fs.rmSync(scratch, { recursive: true, force: true }));

function run(args, input) {
  const r = spawnSync(opts.nianbao, args, { encoding: "utf8", maxBuffer: 1 << 30, input });
  if (r.error) throw r.error;
  return r;
}
function frontMatter(text) {
  const agency = /^机关:\s*(.+?)\s*$/m.exec(text)?.[1] ?? "";
  const year = /^年度:\s*(\d{4})\s*$/m.exec(text)?.[1] ?? "";
  return { agency, year };
}

// Per source: its form, its agency and year, and the (code, line, column) of
// what `check` reports for it: `check FILE`, or `import FILE | check -` (the
// import written to a scratch file, then one `check` over all of them).
const truth = new Map(); // checked file -> source record
for (const [i, src] of sources.entries()) {
  const form = FORMS[path.extname(src).toLowerCase()];
  if (!form) continue;
  let checked = src;
  let text;
  if (form === "nianbao") {
    text = fs.readFileSync(src, "utf8");
  } else {
    const r = run(["import", src]);
    if (!check(r.status === 0 && r.stdout.length > 0, `import ${path.relative(reportsDir, src)}`, r.stderr)) continue;
    text = r.stdout;
    checked = path.join(scratch, `${String(i).padStart(5, "0")}.nianbao`);
    fs.writeFileSync(checked, text);
  }
  truth.set(checked, { src, rel: path.relative(reportsDir, src), form, ...frontMatter(text), findings: [] });
}
{
  const files = [...truth.keys()];
  const r = run(["check", "--format", "json", "--quiet", "--color", "never", ...files]);
  check(r.status === 0 || r.status === 1, `nianbao check of ${files.length} reports runs`, r.stderr);
  for (const d of JSON.parse(r.stdout || "[]")) {
    const rec = truth.get(d.file) ?? truth.get(path.resolve(d.file));
    if (rec) rec.findings.push(d);
    else check(false, `check reported a file it was not given: ${d.file}`);
  }
}
const byKey = new Map();
const duplicates = new Map(); // agency|year -> sources, for the copies under dup/
for (const rec of truth.values()) {
  const key = `${rec.agency}|${rec.year}`;
  duplicates.set(key, [...(duplicates.get(key) ?? []), rec]);
  byKey.set(key, rec);
}
for (const [key, recs] of duplicates) if (recs.length < 2) duplicates.delete(key);
const unexpectedDuplicates = [...duplicates.values()].filter((recs) => !recs.some((r) => r.src.startsWith(dupDir + path.sep)));
check(duplicates.size > 0 && unexpectedDuplicates.length === 0, `one source per agency and year, but for the copies under dup/ (${duplicates.size})`, unexpectedDuplicates.map((recs) => recs.map((r) => r.rel).join(", ")).join("\n"));
const bySource = new Map([...truth.values()].map((r) => [r.src, r]));
const generated = new Map(manifest.map((m) => [`${m.agency}|${m.year}`, m]));
console.log(`-- ground truth: ${truth.size} reports, ${[...truth.values()].reduce((n, r) => n + r.findings.length, 0)} findings (${elapsed()})`);

const triple = (d) => `${d.code} ${d.line}:${d.column}`;
function multisetDiff(a, b) {
  const count = new Map();
  for (const x of a) count.set(x, (count.get(x) ?? 0) + 1);
  for (const x of b) count.set(x, (count.get(x) ?? 0) - 1);
  const missing = [];
  const extra = [];
  for (const [x, n] of count) {
    for (let k = 0; k < Math.abs(n); k++) (n > 0 ? missing : extra).push(x);
  }
  return { missing: missing.sort(), extra: extra.sort() };
}

// ------------------------------------------------------------ the index ---

const browser = await chromium.launch({
  executablePath: opts.chromium,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update"],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
// Nothing leaves the machine: the site works offline.
const requests = [];
context.on("request", (r) => {
  if (!r.url().startsWith("file:") && !r.url().startsWith("data:")) requests.push(r.url());
});
const page = await context.newPage();
const pageErrors = [];
context.on("weberror", (e) => pageErrors.push(String(e.error())));
const indexUrl = pathToFileURL(path.join(site, "index.html")).href;
await page.goto(indexUrl, { waitUntil: "load" });

const readRows = () =>
  page.$$eval("#nb-index tbody tr", (trs) =>
    trs.map((tr) => ({
      agency: tr.dataset.agency,
      year: tr.dataset.year,
      edition: tr.dataset.edition,
      form: tr.dataset.form,
      errors: tr.dataset.errors,
      warnings: tr.dataset.warnings,
      codes: (tr.dataset.codes ?? "").split(/\s+/).filter(Boolean),
      severity: tr.dataset.severity,
      file: tr.dataset.file,
      href: tr.cells[0]?.querySelector("a")?.getAttribute("href"),
      hidden: tr.hidden,
      text: tr.textContent,
    })),
  );
const shown = async () => Number((await page.textContent("#nb-shown")).replace(/[^\d]/g, ""));
const visible = (rows) => rows.filter((r) => !r.hidden);

const rows = await readRows();
const expectedRows = truth.size;
check(rows.length === expectedRows, `index: one row per report (${rows.length} rows, ${expectedRows} reports)`);
check((await shown()) === rows.length, `index: #nb-shown says all ${rows.length} rows are shown`, await page.textContent("#nb-shown"));

// Each row to its source (data-file), which has the row's agency and year.
const sourceOf = (row) => bySource.get(path.resolve(opts.cwd, row.file ?? ""));
const unmatched = rows.filter((r) => !sourceOf(r));
check(unmatched.length === 0, "index: every row is one of the reports (data-file)", unmatched.slice(0, 5).map((r) => `${r.agency} ${r.year} ${r.file}`).join("\n"));
const misnamed = rows.filter((r) => sourceOf(r) && (sourceOf(r).agency !== r.agency || sourceOf(r).year !== r.year));
check(misnamed.length === 0, "index: each row's agency and year are its report's", misnamed.slice(0, 5).map((r) => `${sourceOf(r).rel}: ${r.agency} ${r.year}`).join("\n"));
const matchedOnce = new Map();
for (const r of rows) if (sourceOf(r)) matchedOnce.set(sourceOf(r), (matchedOnce.get(sourceOf(r)) ?? 0) + 1);
check([...matchedOnce.values()].every((n) => n === 1), "index: no report has two rows");
const matched = new Set(rows.map(sourceOf).filter(Boolean));
const notListed = [...truth.values()].filter((r) => !matched.has(r));
check(notListed.length === 0, "index: every report has a row", notListed.slice(0, 5).map((r) => r.rel).join("\n"));
const wrongForm = rows.filter((r) => sourceOf(r) && sourceOf(r).form !== r.form);
check(wrongForm.length === 0, "index: data-form is the source's form (nianbao, html, docx, pdf, text)", wrongForm.slice(0, 5).map((r) => `${sourceOf(r).rel}: ${r.form}`).join("\n"));
const forms = new Set(rows.map((r) => r.form));
check(["nianbao", "html", "docx", "pdf", "text"].every((f) => forms.has(f)), `index: all five forms are in the folder (${[...forms].join(", ")})`);
const wrongCounts = rows.filter((r) => {
  const rec = sourceOf(r);
  if (!rec) return false;
  const own = rec.findings.filter((d) => !CROSS_YEAR.has(d.code));
  const errors = own.filter((d) => d.severity === "error").length;
  // Cross-year findings add to the review's counts, never take away.
  return Number(r.errors) < errors || Number(r.warnings) < own.filter((d) => d.severity === "warning").length;
});
check(wrongCounts.length === 0, "index: errors and warnings per row at least what check counts", wrongCounts.slice(0, 5).map((r) => `${sourceOf(r).rel}: ${r.errors}/${r.warnings}`).join("\n"));
const sevRank = { error: 3, warning: 2, info: 1, none: 0 };
const wrongSeverity = rows.filter((r) => {
  const rec = sourceOf(r);
  if (!rec || rec.findings.length === 0) return false;
  const worst = Math.max(...rec.findings.filter((d) => !CROSS_YEAR.has(d.code)).map((d) => sevRank[d.severity] ?? 1), 0);
  return (sevRank[r.severity] ?? -1) < worst;
});
check(wrongSeverity.length === 0, "index: data-severity is the most serious finding", wrongSeverity.slice(0, 5).map((r) => `${sourceOf(r).rel}: ${r.severity}`).join("\n"));

// ------------------------------------------------------------- sorting ---

async function sortBy(key) {
  const th = page.locator(`#nb-index th[data-sort="${key}"]`);
  await th.click();
  return { aria: await th.getAttribute("aria-sort"), rows: await readRows() };
}
const sortKeys = await page.$$eval("#nb-index th[data-sort]", (ths) => ths.map((th) => th.dataset.sort));
check(sortKeys.length >= 3, `index: sortable headers (${sortKeys.join(", ")})`);
const numeric = (key) => ["year", "errors", "warnings"].includes(key);
for (const key of ["errors", "year", "agency"].filter((k) => sortKeys.includes(k))) {
  const before = (await readRows()).map((r) => r.href);
  const a = await sortBy(key);
  const b = await sortBy(key);
  const value = (r) => (numeric(key) ? Number(r[key]) : r[key]);
  const dirOk = (rs, dir) =>
    rs.every((r, i) => {
      if (i === 0) return true;
      const [p, q] = [value(rs[i - 1]), value(r)];
      if (numeric(key)) return dir === "ascending" ? p <= q : p >= q;
      return true;
    });
  check(["ascending", "descending"].includes(a.aria) && ["ascending", "descending"].includes(b.aria) && a.aria !== b.aria, `sort by ${key}: aria-sort flips on a second click (${a.aria} → ${b.aria})`);
  check(dirOk(a.rows, a.aria) && dirOk(b.rows, b.aria), `sort by ${key}: rows in ${a.aria}, then ${b.aria} order`);
  check(a.rows.map((r) => r.href).join() !== before.join() || b.rows.map((r) => r.href).join() !== before.join(), `sort by ${key}: rows reorder`);
  if (!numeric(key)) {
    // Text order is the page's collation; what must hold: equal values stay
    // together and the second click reverses the order of the values.
    const runs = (rs) => rs.map(value).filter((v, i, xs) => i === 0 || xs[i - 1] !== v);
    const ra = runs(a.rows);
    check(new Set(ra).size === ra.length, `sort by ${key}: equal values are together`);
    check(runs(b.rows).join("|") === [...ra].reverse().join("|"), `sort by ${key}: the second click reverses the order`);
  }
  const others = await page.$$eval(`#nb-index th[data-sort]:not([data-sort="${key}"])`, (ths) => ths.map((t) => t.getAttribute("aria-sort")));
  check(others.every((s) => s === null || s === "none"), `sort by ${key}: the other headers say aria-sort none`, others.join(", "));
}

// ----------------------------------------------------------- filtering ---

async function setFilters({ agency = "", year = "", code = "", severity = "" }) {
  await page.fill("#nb-filter-agency", agency);
  await page.selectOption("#nb-filter-year", year);
  await page.selectOption("#nb-filter-code", code);
  await page.selectOption("#nb-filter-severity", severity);
}
async function filterCase(name, filters, pred) {
  await setFilters(filters);
  const rs = await readRows();
  const vis = visible(rs);
  const want = rs.filter(pred).length;
  check(vis.every(pred), `filter ${name}: every shown row matches`, vis.filter((r) => !pred(r)).slice(0, 3).map((r) => `${r.agency} ${r.year} ${r.codes.join(" ")} ${r.severity}`).join("\n"));
  check(vis.length === want && want > 0 && want < rs.length, `filter ${name}: ${vis.length} of ${rs.length} rows shown, all that match (${want})`);
  check((await shown()) === vis.length, `filter ${name}: #nb-shown is ${vis.length}`, await page.textContent("#nb-shown"));
}
const similar = "人民政府办公室";
await filterCase(`agency “${similar}”`, { agency: similar }, (r) => r.agency.includes(similar));
await filterCase("year 2023", { year: "2023" }, (r) => r.year === "2023");
await filterCase("code NB305", { code: "NB305" }, (r) => r.codes.includes("NB305"));
await filterCase("severity error", { severity: "error" }, (r) => r.severity === "error");
await filterCase("year 2024 and code NB302", { year: "2024", code: "NB302" }, (r) => r.year === "2024" && r.codes.includes("NB302"));
await setFilters({});
check(visible(await readRows()).length === rows.length && (await shown()) === rows.length, "filters cleared: all rows shown again");
const yearOptions = await page.$$eval("#nb-filter-year option", (os) => os.map((o) => o.value).filter(Boolean));
check(["2022", "2023", "2024"].every((y) => yearOptions.includes(y)), `filter: the year choices include 2022–2024 (${yearOptions.join(" ")})`);

// --------------------------------------------------- counts and charts ---

const codeRows = await page.$$eval("#nb-codes tr[data-code]", (trs) => trs.map((tr) => ({ code: tr.dataset.code, n: Number(tr.cells[tr.cells.length - 1].textContent.replace(/[^\d]/g, "")) })));
const codesInRows = new Set(rows.flatMap((r) => r.codes));
check(codeRows.length === codesInRows.size && codeRows.every((c) => codesInRows.has(c.code)), `counts per code: one row per code found (${codeRows.length})`, `table: ${codeRows.map((c) => c.code).join(" ")}\nrows: ${[...codesInRows].sort().join(" ")}`);
const lowCounts = codeRows.filter((c) => c.n < rows.filter((r) => r.codes.includes(c.code)).length);
check(lowCounts.length === 0, "counts per code: each at least the number of reports with it", lowCounts.map((c) => `${c.code} ${c.n}`).join("\n"));
const chart = await page.$eval("svg#nb-chart-codes", (svg) => {
  const b = svg.getBoundingClientRect();
  const bars = [...svg.querySelectorAll("rect[data-code]")].map((r) => {
    const rb = r.getBoundingClientRect();
    return { code: r.dataset.code, w: rb.width, h: rb.height };
  });
  return { w: b.width, h: b.height, bars };
});
check(chart.w > 100 && chart.h > 50, `chart of codes: rendered ${Math.round(chart.w)}×${Math.round(chart.h)} px`);
check(chart.bars.length === codeRows.length && chart.bars.every((b) => b.w > 0 && b.h > 0), `chart of codes: one visible bar per code (${chart.bars.length})`);
const figures = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")).filter((h) => /figures\.(csv|json)$/.test(h)));
for (const ext of ["csv", "json"]) {
  const href = figures.find((h) => h.endsWith(`.${ext}`));
  const file = href && path.join(site, decodeURIComponent(href));
  if (check(href && fs.existsSync(file), `index links figures.${ext}, which exists`)) {
    const text = fs.readFileSync(file, "utf8");
    if (ext === "csv") {
      check(text.startsWith("\uFEFF"), "figures.csv starts with a BOM (Excel reads it as UTF-8)");
      check(text.trim().split("\n").length === rows.length + 1, "figures.csv: a header and one line per report");
    } else {
      let j = null;
      try {
        j = JSON.parse(text);
      } catch {}
      if (check(Array.isArray(j?.reports) && j.reports.length === rows.length, "figures.json parses, one entry per report")) checkFigures(j.reports);
    }
  }
}

// The figures of the generated reports, whatever their form, are the numbers
// the generator wrote; the previous year is the agency's own; the indicators
// are computed from them.
function checkFigures(reports) {
  const bad = [];
  const badPrev = [];
  const badIndicators = [];
  const fileOfYear = new Map();
  for (const r of reports) {
    const rec = bySource.get(path.resolve(opts.cwd, r.file ?? ""));
    if (rec) fileOfYear.set(`${rec.agency}|${rec.year}`, rec.src);
  }
  let n = 0;
  for (const r of reports) {
    const rec = bySource.get(path.resolve(opts.cwd, r.file ?? ""));
    const gen = rec && generated.get(`${rec.agency}|${rec.year}`);
    if (!gen || rec.src.startsWith(dupDir + path.sep)) continue;
    n++;
    for (const [id, v] of Object.entries(gen.figures)) {
      if (r.cells?.[id] !== v) bad.push(`${rec.rel} ${id}: ${r.cells?.[id]}, written ${v}`);
    }
    const prev = fileOfYear.get(`${rec.agency}|${rec.year - 1}`) ?? null;
    const got = r.previous ? path.resolve(opts.cwd, r.previous) : null;
    if (got !== prev) badPrev.push(`${rec.rel}: previous ${r.previous}, want ${prev && path.relative(reportsDir, prev)}`);
    if (gen.defect) continue;
    const f = gen.figures;
    const ratio = (a, b) => (b > 0 ? a / b : null);
    const prevGen = generated.get(`${rec.agency}|${rec.year - 1}`);
    const want = {
      new: f["t3/new/total"],
      "public-share": ratio(f["t3/public/total"], f["t3/total/total"]),
      "partial-share": ratio(f["t3/partial/total"], f["t3/total/total"]),
      "review-corrected": ratio(f["t4/review/corrected"], f["t4/review/total"]),
      "suit-corrected": ratio(f["t4/lit-direct/corrected"] + f["t4/lit-after/corrected"], f["t4/lit-direct/total"] + f["t4/lit-after/total"]),
      "new-growth": prevGen ? ratio(f["t3/new/total"] - prevGen.figures["t3/new/total"], prevGen.figures["t3/new/total"]) : null,
    };
    for (const [k, v] of Object.entries(want)) {
      const g = r.indicators?.[k] ?? null;
      if ((v === null) !== (g === null) || (v !== null && Math.abs(g - v) > 1e-5)) badIndicators.push(`${rec.rel} ${k}: ${g}, want ${v}`);
    }
  }
  check(n > 0 && bad.length === 0, `figures.json: the counts of the ${n} generated reports are the numbers written, in every form`, bad.slice(0, 8).join("\n"));
  check(badPrev.length === 0, "figures.json: each generated report's previous year is its agency's own", badPrev.slice(0, 5).join("\n"));
  check(badIndicators.length === 0, "figures.json: growth, 公开 shares and 纠错率 computed from the figures", badIndicators.slice(0, 8).join("\n"));
}

// Inputs that are no report: listed with the reason, the review went on.
const failedRows = await page.$$eval("#nb-failed tbody tr", (trs) => trs.map((tr) => [...tr.cells].map((c) => c.textContent.trim())));
const badInputs = fs.existsSync(badDir) ? walk(badDir) : [];
check(badInputs.length > 0 && failedRows.length === badInputs.length, `#nb-failed lists the ${badInputs.length} inputs that are no report, and nothing else`, failedRows.map((r) => r[0]).join("\n"));
for (const bad of badInputs) {
  const row = failedRows.find((r) => r[0].endsWith(path.basename(bad)));
  check(row && row[row.length - 1].length > 5, `#nb-failed: ${path.basename(bad)}, with the reason`, row ? row.join(" | ") : "not listed");
}
// Two files claiming one agency and year: both reviewed, listed together.
const dupItems = await page.$$eval("#nb-duplicates li", (lis) => lis.map((li) => li.textContent));
for (const recs of duplicates.values()) {
  const names = recs.map((r) => r.src);
  check(dupItems.some((t) => names.every((n) => t.includes(path.basename(n)))), `duplicates listed together: ${recs.map((r) => r.rel).join(", ")}`, dupItems.join("\n"));
}

// The index as a reviewer first sees it: a fresh load, from the top.
fs.mkdirSync(opts.screenshots, { recursive: true });
await page.goto(indexUrl, { waitUntil: "load" });
await page.screenshot({ path: path.join(opts.screenshots, "review-index.png"), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1400 } });

// ---------------------------------------------- every row, every page ---

// Every page loads (two tabs at a time); what it lists is held to `check`.
const pages = new Map(); // href -> what the page shows
async function visit(tab, row) {
  const url = new URL(row.href, indexUrl);
  const file = fileURLToPath(url);
  if (!fs.existsSync(file)) return { missingFile: file };
  await tab.goto(url.href, { waitUntil: "load" });
  return tab.evaluate(() => ({
    title: document.title,
    findings: [...document.querySelectorAll("section.nb-diagnostics li")].map((li) => ({
      code: li.dataset.code,
      line: Number(li.dataset.line),
      column: Number(li.dataset.column),
    })),
    prev: document.querySelector("nav.nb-years a[rel=prev]")?.getAttribute("href") ?? null,
    next: document.querySelector("nav.nb-years a[rel=next]")?.getAttribute("href") ?? null,
    audit: !!document.querySelector("section#nb-audit"),
    charts: [...document.querySelectorAll("svg.nb-chart")].map((svg) => {
      const b = svg.getBoundingClientRect();
      const marks = [...svg.querySelectorAll("rect, path, polyline, circle, line")].filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 || r.height > 0;
      }).length;
      return { w: b.width, h: b.height, marks };
    }),
    text: document.body.innerText.length,
  }));
}
const tabs = [page, await context.newPage()];
const queue = rows.filter((r) => r.href);
check(queue.length === rows.length, "every row's first cell links to its page", rows.filter((r) => !r.href).slice(0, 3).map((r) => r.text).join("\n"));
let next = 0;
const loadErrors = [];
await Promise.all(
  tabs.map(async (tab) => {
    while (next < queue.length) {
      const row = queue[next++];
      try {
        pages.set(row.href, await visit(tab, row));
      } catch (e) {
        loadErrors.push(`${row.href}: ${e.message.split("\n")[0]}`);
      }
    }
  }),
);
const missingFiles = [...pages.values()].filter((p) => p.missingFile);
check(missingFiles.length === 0, `every row links to an existing page (${pages.size - missingFiles.length} of ${queue.length})`, missingFiles.slice(0, 5).map((p) => p.missingFile).join("\n"));
check(loadErrors.length === 0, "every page loads", loadErrors.slice(0, 5).join("\n"));
const empty = [...pages.entries()].filter(([, p]) => !p.missingFile && p.text < 200);
check(empty.length === 0, "every page shows its report", empty.slice(0, 5).map(([h]) => h).join("\n"));
console.log(`-- ${pages.size} pages visited (${elapsed()})`);

// Findings: the page's list is what check reports, code, line and column.
const mismatches = [];
for (const row of rows) {
  const p = pages.get(row.href);
  const rec = sourceOf(row);
  if (!p || p.missingFile || !rec) continue;
  const want = rec.findings.filter((d) => !CROSS_YEAR.has(d.code)).map(triple);
  const got = p.findings.filter((d) => !CROSS_YEAR.has(d.code)).map(triple);
  const { missing, extra } = multisetDiff(want, got);
  if (missing.length || extra.length) mismatches.push(`${rec.rel}: missing ${missing.join(", ") || "-"}; extra ${extra.join(", ") || "-"}`);
  const pageCodes = new Set(p.findings.map((d) => d.code));
  if ([...pageCodes].sort().join() !== [...new Set(row.codes)].sort().join()) {
    mismatches.push(`${rec.rel}: the index says ${row.codes.join(" ") || "nothing"}, the page lists ${[...pageCodes].join(" ") || "nothing"}`);
  }
}
const withFindings = [...truth.values()].filter((r) => r.findings.length > 0).length;
check(mismatches.length === 0, `each page lists exactly what check reports (${rows.length} pages, ${withFindings} with findings)`, mismatches.slice(0, 8).join("\n"));

// Cross-year: the years of one agency are paired, similar names are not,
// and the generator's broken carry-overs and roll-forwards are found on the
// later year's page, and only there.
const fileOf = (href, base = indexUrl) => fileURLToPath(new URL(href, base));
const rowByFile = new Map(rows.filter((r) => r.href).map((r) => [fileOf(r.href), r]));
const rowByKey = new Map(rows.map((r) => [`${r.agency}|${r.year}`, r]));
const linked = (row, rel) => {
  const href = pages.get(row.href)?.[rel];
  return href ? rowByFile.get(fileOf(href, new URL(row.href, indexUrl).href)) ?? { agency: "?", year: "?", href } : null;
};
const badLinks = [];
for (const row of rows) {
  const p = pages.get(row.href);
  if (!p || p.missingFile) continue;
  for (const [rel, dy] of [["prev", -1], ["next", 1]]) {
    const got = linked(row, rel);
    const want = rowByKey.get(`${row.agency}|${Number(row.year) + dy}`);
    const say = (r) => (r ? `${r.agency} ${r.year}` : "none");
    // Generated agencies have every year: the link must be there. Real
    // reports' names vary (洪泽区 / 淮安市洪泽区): a link, if any, is right.
    if (generated.has(`${row.agency}|${row.year}`) ? got !== (want ?? null) : got && got !== want) {
      badLinks.push(`${say(row)}: ${rel} → ${say(got)}, want ${say(want)}`);
    }
  }
}
check(badLinks.length === 0, "report pages link the same agency's previous and next year, and only those", badLinks.slice(0, 8).join("\n"));
for (const code of CROSS_YEAR) {
  const want = manifest.filter((m) => m.codes.includes(code)).map((m) => `${m.agency} ${m.year}`).sort();
  const got = rows
    .filter((r) => generated.has(`${r.agency}|${r.year}`) && pages.get(r.href)?.findings?.some((d) => d.code === code))
    .map((r) => `${r.agency} ${r.year}`)
    .sort();
  const { missing, extra } = multisetDiff(want, got);
  check(want.length > 0 && missing.length === 0 && extra.length === 0, `${code} on exactly the generated reports that break it (${want.length}), without front matter`, `missing: ${missing.slice(0, 5).join(", ")}\nextra: ${extra.slice(0, 5).join(", ")}`);
}
for (const [a, b] of [["某某区人民政府", "某某区人民政府办公室"], ["杭州市西湖区人民政府", "杭州市西湖区人民政府办公室"]]) {
  const row = rowByKey.get(`${b}|2023`);
  const prev = row && linked(row, "prev");
  check(prev && prev === rowByKey.get(`${b}|2022`), `${b} 2023 is paired with its own 2022, not ${a}'s`, prev ? `${prev.agency} ${prev.year}` : "no previous-year link");
}

// Audit and charts on the report pages.
const importedRows = rows.filter((r) => r.form !== "nianbao");
const noAudit = importedRows.filter((r) => !pages.get(r.href)?.audit);
check(noAudit.length === 0, `pages of imported reports have the import audit (${importedRows.length})`, noAudit.slice(0, 5).map((r) => r.href).join("\n"));
const threeYears = rows.filter((r) => r.year === "2023" && generated.has(`${r.agency}|${r.year}`));
const noCharts = threeYears.filter((r) => {
  const charts = pages.get(r.href)?.charts ?? [];
  return charts.length === 0 || !charts.every((c) => c.w > 50 && c.h > 30 && c.marks > 0);
});
check(noCharts.length === 0, `agency-over-years charts render with marks (${threeYears.length} pages of agencies with three years)`, noCharts.slice(0, 5).map((r) => `${r.href}: ${JSON.stringify(pages.get(r.href)?.charts)}`).join("\n"));

// The report page of the screenshot: a broken carry-over, as a reviewer
// finds it.
const shot = rows.find((r) => generated.get(`${r.agency}|${r.year}`)?.codes.includes("NB305") && r.form === "nianbao") ?? rows[0];
await page.goto(new URL(shot.href, indexUrl).href, { waitUntil: "load" });
await page.screenshot({ path: path.join(opts.screenshots, "review-report.png"), fullPage: true, clip: { x: 0, y: 0, width: 1280, height: 1800 } });
console.log(`-- screenshots of the index and ${shot.agency} ${shot.year} in ${opts.screenshots}`);

check(pageErrors.length === 0, "no script errors on the pages", pageErrors.slice(0, 5).join("\n"));
check(requests.length === 0, "no network requests: the site works offline", requests.slice(0, 5).join("\n"));
await browser.close();
console.log(`\n${passed} passed, ${failed} failed (${elapsed()})`);
process.exit(failed ? 1 : 0);
