// End-to-end test in real VS Code (code-server in headless Chromium): the
// packaged .vsix installed as a user would, then what a report writer sees.
//
//   node test/e2e/run.mjs --vsix FILE --code-server BIN [--nianbao BIN] [--screenshots DIR]
//
// Prints one line per check and "N passed, N failed" at the end; exits 1 on
// any failure. code-server runs in its own process group, stopped at exit.
import { spawn, spawnSync, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const repo = path.resolve(ext, "..", "..");
const { values: opts } = parseArgs({
  options: {
    vsix: { type: "string" },
    "code-server": { type: "string" },
    nianbao: { type: "string", default: path.join(repo, "target", "debug", "nianbao") },
    screenshots: { type: "string", default: path.join(repo, "target", "vscode-e2e", "screenshots") },
    chromium: { type: "string", default: process.env.CHROMIUM ?? "/usr/bin/chromium" },
    keep: { type: "boolean", default: false },
  },
});
if (!opts.vsix || !opts["code-server"]) {
  console.error("usage: run.mjs --vsix FILE --code-server BIN");
  process.exit(2);
}

// ---------------------------------------------------------------- setup ---

const root = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-vscode-e2e-"));
const userData = path.join(root, "ud");
const extensions = path.join(root, "ext");
const ws = path.join(root, "ws");
const example = path.join(ws, "gongnong-2021.nianbao");
const other = path.join(ws, "other", "gongnong-copy.nianbao");
const empty = path.join(ws, "empty.nianbao");
fs.mkdirSync(path.join(userData, "User"), { recursive: true });
fs.mkdirSync(path.dirname(other), { recursive: true });
fs.copyFileSync(path.join(repo, "examples", "gongnong-2021.nianbao"), example);
fs.copyFileSync(path.join(repo, "examples", "gongnong-2021.nianbao"), other);
fs.writeFileSync(empty, "");
const lang = path.join(ws, "lang.nianbao");
fs.writeFileSync(lang, "| 信息内容 | 本年制发件数 |\n| --- | ---: |\n| 规章 | 0 |\n段落\n");
fs.writeFileSync(
  path.join(userData, "User", "settings.json"),
  JSON.stringify(
    {
      "workbench.startupEditor": "none",
      "workbench.tips.enabled": false,
      "workbench.welcomePage.walkthroughs.openOnInstall": false,
      "workbench.enableExperiments": false,
      "workbench.secondarySideBar.defaultVisibility": "hidden",
      "chat.commandCenter.enabled": false,
      "security.workspace.trust.enabled": false,
      "telemetry.telemetryLevel": "off",
      "update.mode": "none",
      "extensions.autoUpdate": false,
      "extensions.autoCheckUpdates": false,
      "extensions.ignoreRecommendations": true,
      "git.enabled": false,
      "editor.hover.delay": 150,
      "editor.minimap.enabled": false,
      "editor.cursorBlinking": "solid",
      "editor.occurrencesHighlight": "off",
      "editor.selectionHighlight": false,
      "editor.fontSize": 15,
      "editor.lineHeight": 24,
      "files.autoSave": "off",
      "window.zoomLevel": 0,
      // setSettings types settings.json whole: nothing may be added to it.
      "[jsonc]": { "editor.autoClosingBrackets": "never", "editor.autoClosingQuotes": "never", "editor.autoIndent": "none", "editor.autoSurround": "never", "editor.formatOnType": false },
    },
    null,
    2,
  ),
);

/** `nianbao check --format json` on a file: what the editor must show. */
function cliFindings(file) {
  const r = spawnSync(opts.nianbao, ["check", "--format", "json", "--quiet", file], { encoding: "utf8" });
  if (r.status !== 0 && r.status !== 1) throw new Error(`nianbao check: ${r.stderr}`);
  return JSON.parse(r.stdout).map((d) => `${d.code}@${d.line}:${d.column}`).sort();
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
    s.on("error", reject);
  });
}

const common = ["--user-data-dir", userData, "--extensions-dir", extensions];
execFileSync(opts["code-server"], [...common, "--install-extension", opts.vsix], { stdio: "inherit" });

const port = await freePort();
const logFile = path.join(root, "code-server.log");
const log = fs.openSync(logFile, "w");
const server = spawn(
  opts["code-server"],
  [...common, "--bind-addr", `127.0.0.1:${port}`, "--auth", "none", "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust", "--disable-getting-started-override", ws],
  { detached: true, stdio: ["ignore", log, log] },
);
let stopped = false;
function stopServer() {
  if (stopped) return;
  stopped = true;
  try {
    process.kill(-server.pid, "SIGTERM");
  } catch {}
}
process.on("exit", stopServer);
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(130));

async function waitForHttp() {
  for (let i = 0; i < 120; i++) {
    try {
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (r.ok) return;
    } catch {}
    if (server.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`code-server did not start:\n${fs.readFileSync(logFile, "utf8")}`);
}

/** PIDs of `nianbao lsp` processes started by this code-server. */
function serverPids() {
  const out = execFileSync("ps", ["-eo", "pid=,pgid=,args="], { encoding: "utf8" });
  return out
    .split("\n")
    .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
    .filter((m) => m && +m[2] === server.pid && m[3].includes(`${path.sep}server${path.sep}nianbao lsp`))
    .map((m) => +m[1]);
}

// --------------------------------------------------------------- checks ---

let passed = 0;
let failed = 0;
async function check(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    console.log(`ok - ${name} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  } catch (e) {
    failed++;
    console.log(`not ok - ${name}\n  ${String(e?.stack ?? e).split("\n").join("\n  ")}`);
    await page?.screenshot({ path: path.join(root, `failed-${passed + failed}.png`) }).catch(() => {});
  }
}

function assert(cond, message) {
  if (!cond) throw new Error(message);
}

async function until(what, fn, timeout = 30000) {
  const end = Date.now() + timeout;
  let last;
  while (Date.now() < end) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last}` : ""}`);
}

let page;
let browser;

async function command(title) {
  const input = page.locator(".quick-input-widget input");
  // F1 toggles the palette: if the previous one is still closing when F1 is
  // pressed, the palette closes again under our hands. Start from a closed
  // palette, and open it again if it vanished before we could type.
  for (let attempt = 1; ; attempt++) {
    if (await input.isVisible()) {
      await page.keyboard.press("Escape");
      await input.waitFor({ state: "hidden" });
    }
    await page.keyboard.press("F1");
    try {
      await input.waitFor({ state: "visible", timeout: 5000 });
      await input.fill(`>${title}`, { timeout: 5000 });
      break;
    } catch (e) {
      if (attempt === 3) throw e;
    }
  }
  await page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first().waitFor();
  await page.keyboard.press("Enter");
}

async function openFile(name) {
  // As a user would: a double click in the Explorer (opens and focuses the editor).
  await page.locator(".explorer-folders-view .monaco-list-row", { hasText: name }).first().dblclick();
  await page.locator(`.tab.active[aria-label*="${name}"]`).waitFor();
  await page.locator(".monaco-editor.focused").waitFor();
}

async function goTo(line, column) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  // Ctrl+G opens quick open with ":" typed; keep it.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
  await until(`cursor at ${line}:${column}`, async () => (await page.locator("#status\\.editor\\.selection").innerText()).includes(`Ln ${line}, Col ${column}`));
}

/** Problems panel rows as "CODE@line:col" for one file (by name), sorted. */
async function problems(fileName, { keepFilter = false } = {}) {
  if (!(await page.locator(".markers-panel").isVisible())) {
    await page.keyboard.press("Control+Shift+M");
  }
  await page.locator(".markers-panel").waitFor();
  // The list renders only the rows in view: show just this file's, in a
  // maximized panel, so that all of them are rendered.
  const filter = page.getByPlaceholder(/^Filter \(e\.g\. text/);
  await filter.fill(`**/${fileName}`);
  await command("View: Toggle Maximized Panel");
  await page.waitForTimeout(500);
  const rows = await page.locator(".markers-panel .monaco-list-row").evaluateAll((els) =>
    els.map((e) => ({
      file: e.querySelector(".marker-icon") ? null : (e.querySelector(".file-icon .label-name")?.textContent?.trim() ?? null),
      marker: !!e.querySelector(".marker-icon"),
      text: e.innerText.replace(/\s+/g, " "),
    })),
  );
  await command("View: Toggle Maximized Panel");
  if (!keepFilter) await filter.fill("");
  if (process.env.E2E_DEBUG) console.log(JSON.stringify(rows, null, 1), await page.locator(".markers-panel .monaco-list-row").first().evaluate((e) => e.outerHTML));
  const out = [];
  let file = "";
  for (const r of rows) {
    if (r.file) file = r.file;
    if (!r.marker) continue;
    const code = /nianbao\s*\(?(NB\d{3})\)?\s*\[Ln/.exec(r.text);
    const pos = /\[Ln (\d+), Col (\d+)\]/.exec(r.text);
    if (code && pos && file === fileName) out.push(`${code[1]}@${pos[1]}:${pos[2]}`);
  }
  return out.sort();
}

async function hoverText() {
  const hover = page.locator(".monaco-hover:not(.hidden)").first();
  await hover.waitFor({ state: "visible" });
  return hover.innerText();
}

function labelStatute(label) {
  const toml = fs.readFileSync(path.join(repo, "server", "knowledge", "labels.toml"), "utf8");
  for (const block of toml.split("[[label]]")) {
    if (block.includes(`label = "${label}"`)) {
      const m = /^statute = "(.*)"$/m.exec(block);
      if (m) return m[1];
    }
  }
  throw new Error(`no statute for ${label} in labels.toml`);
}

const SETTINGS = {
  user: { file: path.join(userData, "User", "settings.json"), command: "Preferences: Open User Settings (JSON)" },
  // Machine-scoped settings (nianbao.server.path) of a remote window such as
  // code-server's come from here or the remote's settings, not the user's.
  workspace: { file: path.join(ws, ".vscode", "settings.json"), command: "Preferences: Open Workspace Settings (JSON)" },
};
fs.mkdirSync(path.dirname(SETTINGS.workspace.file), { recursive: true });
fs.writeFileSync(SETTINGS.workspace.file, "{}\n");

/** Change settings as a user does: edit settings.json in VS Code and save. */
async function setSettings(where, patch) {
  const { file, command: open } = SETTINGS[where];
  const current = JSON.parse(fs.readFileSync(file, "utf8"));
  const next = JSON.stringify({ ...current, ...patch }, null, 2);
  await command(open);
  const tab = page.locator('.tab.active[aria-label*="settings.json"]');
  await tab.waitFor();
  const editor = page.locator(".monaco-editor.focused");
  await editor.waitFor();
  const text = () => editor.locator(".view-lines").innerText();
  await until("settings.json to be loaded", async () => (await text()).includes("{"));
  await page.keyboard.press("Control+A");
  await page.keyboard.press("Delete");
  await until("settings.json to be emptied", async () => (await text()).trim() === "");
  await page.keyboard.insertText(next);
  await until("the new settings to be typed", async () => (await text()).replace(/\s+/g, "").endsWith("}") && (await text()).includes(Object.keys(patch)[0]));
  await page.keyboard.press("Control+S");
  await until("settings.json to be saved", async () => {
    const saved = JSON.stringify(JSON.parse(fs.readFileSync(file, "utf8"))) === JSON.stringify(JSON.parse(next));
    return saved && !(await tab.evaluate((e) => e.classList.contains("dirty")));
  });
  await page.keyboard.press("Control+W");
  await tab.waitFor({ state: "detached" });
}

const shots = opts.screenshots;
fs.mkdirSync(shots, { recursive: true });

try {
  await waitForHttp();
  browser = await chromium.launch({
    executablePath: opts.chromium,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--lang=zh-CN"],
  });
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: "zh-CN" });
  page = await context.newPage();
  page.setDefaultTimeout(30000);
  await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(ws)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
  // Let the workbench settle (extensions scanned, notifications shown) before typing.
  await page.waitForTimeout(3000);

  const expected = cliFindings(example);
  await check("the nianbao CLI finds the known defects of the example (the ground truth)", async () => {
    for (const f of ["NB302@84:11", "NB303@84:35", "NB114@95:4", "NB113@103:4", "NB402@103:4"]) {
      assert(expected.includes(f), `${f} missing from ${expected}`);
    }
  });

  await check("opening the example shows a red squiggle on the wrong 总计", async () => {
    await openFile("gongnong-2021.nianbao");
    // The status bar counts the file's problems once the server has answered.
    await until("the server's diagnostics", async () => /[1-9]/.test(await page.locator("#status\\.problems").innerText()), 60000);
    await goTo(84, 11);
    const cursor = await page.locator(".monaco-editor.focused .cursor").first().boundingBox();
    await until("a squiggle where the cursor is (84:11, the 自然人 总计)", async () => {
      const boxes = await page.locator(".monaco-editor.focused .squiggly-error").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => ({ x: r.x, y: r.y, w: r.width, h: r.height })));
      return boxes.some((b) => Math.abs(b.x - cursor.x) <= 3 && b.y <= cursor.y + cursor.height && b.y + b.h >= cursor.y && b.w > 2 && b.w < 20);
    });
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    const text = await hoverText();
    assert(text.includes("NB302") && text.includes("（七）总计应为 1"), `hover on the squiggle: ${text}`);
    await page.keyboard.press("Escape");
  });

  await check("the Problems panel lists the same findings as nianbao check", async () => {
    const got = await until("the Problems panel to match the CLI", async () => {
      const p = await problems("gongnong-2021.nianbao");
      return JSON.stringify(p) === JSON.stringify(expected) ? p : null;
    }).catch(async (e) => {
      throw new Error(`${e.message}\n  CLI:      ${expected}\n  Problems: ${await problems("gongnong-2021.nianbao")}`);
    });
    assert(got.length >= 5, `${got}`);
    await goTo(84, 1); // the cursor off the squiggle, so the picture shows it
    await page.screenshot({ path: path.join(shots, "vscode-diagnostics.png") });
  });

  await check("a hover on a （三）不予公开 item shows the statute", async () => {
    const label = "1.属于国家秘密";
    const line = fs.readFileSync(example, "utf8").split("\n").findIndex((l) => l.startsWith(`| ${label} |`)) + 1;
    assert(line > 0, `${label} not in the example`);
    await goTo(line, 4);
    if (await page.locator(".markers-panel").isVisible()) await page.keyboard.press("Control+J"); // hide the panel for the picture
    await page.keyboard.press("Control+K");
    await page.keyboard.press("Control+I");
    const statute = labelStatute(label);
    const text = await until("the hover to show the statute", async () => {
      const t = await hoverText();
      return t.includes(statute) ? t : null;
    });
    assert(text.includes("第十四条"), `the hover names the article: ${text}`);
    await page.waitForTimeout(800); // the hover fades in
    await page.screenshot({ path: path.join(shots, "vscode-hover.png") });
    await page.keyboard.press("Escape");
  });

  await check("completion in an empty file inserts the report skeleton", async () => {
    await openFile("empty.nianbao");
    await page.keyboard.press("Control+Space");
    const item = page.locator(".suggest-widget .monaco-list-row", { hasText: "报告框架" }).first();
    await item.waitFor();
    await page.screenshot({ path: path.join(shots, "vscode-completion.png") });
    await item.click();
    await page.keyboard.press("Escape");
    await page.keyboard.press("Control+S");
    const skeleton = execFileSync(opts.nianbao, ["new", "--year", "2025", "--agency", "x"], { encoding: "utf8" });
    const headings = (t) => t.split("\n").filter((l) => /^#{2,3} /.test(l));
    const saved = await until("the skeleton to be saved", () => {
      const t = fs.readFileSync(empty, "utf8");
      return t.length > 0 ? t : null;
    });
    assert(JSON.stringify(headings(saved)) === JSON.stringify(headings(skeleton)), `sections and captions of the inserted text:\n${headings(saved).join("\n")}`);
    const tables = (t) => t.split("\n").filter((l) => /^\|\s*-/.test(l)).length;
    assert(tables(saved) === tables(skeleton), `tables: ${tables(saved)} vs ${tables(skeleton)}`);
  });

  await check("the quick fix writes the computed total and NB302 goes away", async () => {
    await openFile("gongnong-2021.nianbao");
    await goTo(84, 11);
    await page.keyboard.press("Control+.");
    const first = page.locator(".action-widget .monaco-list-row.action.focused");
    await first.waitFor();
    assert((await first.innerText()).trim() === "改为 1", `the first quick fix: ${await first.innerText()}`);
    await page.screenshot({ path: path.join(shots, "vscode-quickfix.png") });
    await page.keyboard.press("Enter");
    await until("NB302 at 84:11 to leave the Problems panel", async () => !(await problems("gongnong-2021.nianbao")).includes("NB302@84:11"));
    await page.locator(".monaco-editor .view-line", { hasText: "（七）总计" }).first().waitFor();
    await page.keyboard.press("Control+S");
    const line84 = await until("the fix to be saved", () => {
      const l = fs.readFileSync(example, "utf8").split("\n")[83];
      return /^\| （七）总计 \| 1 \|/.test(l) ? l : null;
    });
    assert(!cliFindings(example).includes("NB302@84:11"), `the CLI agrees after the fix: ${line84}`);
  });

  await check("typing: Enter after a table row starts the next, （ closes itself, Ctrl+/ comments with <!-- -->", async () => {
    await openFile("lang.nianbao");
    await goTo(3, 1);
    await page.keyboard.press("End");
    await page.keyboard.press("Enter");
    // The cursor lands after the new row's "| ".
    await until("the new row's pipe", async () => (await page.locator("#status\\.editor\\.selection").innerText()).includes("Ln 4, Col 3"));
    await page.keyboard.press("Escape"); // a completion list the pipe may have opened
    await page.waitForTimeout(300);
    await page.keyboard.type("（");
    await goTo(5, 1);
    await page.keyboard.press("Control+/");
    await page.keyboard.press("Control+S");
    const want = "| 信息内容 | 本年制发件数 |\n| --- | ---: |\n| 规章 | 0 |\n| （）\n<!-- 段落 -->\n";
    await until("the typed lines to be saved", () => fs.readFileSync(lang, "utf8") === want).catch(() => {
      throw new Error(`saved:\n${fs.readFileSync(lang, "utf8")}`);
    });
  });

  await check("检查工作区 lists the reports that are not open, once each", async () => {
    await command("nianbao: 检查工作区");
    const want = cliFindings(other);
    await until("the unopened copy's findings in the Problems panel", async () => JSON.stringify(await problems("gongnong-copy.nianbao")) === JSON.stringify(want)).catch(async (e) => {
      throw new Error(`${e.message}\n  CLI:      ${want}\n  Problems: ${await problems("gongnong-copy.nianbao")}`);
    });
    // The open report stays the server's: no second copy of its findings.
    const open = await problems("gongnong-2021.nianbao");
    assert(JSON.stringify(open) === JSON.stringify(cliFindings(example)), `open report: ${open} vs ${cliFindings(example)}`);
    await problems("gongnong-copy.nianbao", { keepFilter: true });
    await page.screenshot({ path: path.join(shots, "vscode-check-workspace.png") });
    await page.getByPlaceholder(/^Filter \(e\.g\. text/).fill("");
  });

  await check("重启服务器 starts a new server that checks again", async () => {
    const before = serverPids();
    assert(before.length === 1, `one server running: ${before}`);
    await command("nianbao: 重启服务器");
    const after = await until("a new server process", () => {
      const p = serverPids();
      return p.length === 1 && p[0] !== before[0] ? p : null;
    });
    await until("the open report's findings again", async () => JSON.stringify(await problems("gongnong-2021.nianbao")) === JSON.stringify(cliFindings(example)));
    console.log(`  # server ${before[0]} → ${after[0]}`);
  });

  await check("a crashed server is restarted and keeps checking edits", async () => {
    const [pid] = serverPids();
    process.kill(pid, "SIGKILL");
    const next = await until("the server to be restarted", () => {
      const p = serverPids();
      return p.length === 1 && p[0] !== pid ? p[0] : null;
    });
    // Put the wrong total back: NB302 must come back at 84:11.
    await openFile("gongnong-2021.nianbao");
    await goTo(84, 11);
    await page.keyboard.press("Shift+ArrowRight");
    await page.keyboard.type("0");
    await until("NB302 at 84:11 again", async () => (await problems("gongnong-2021.nianbao")).includes("NB302@84:11"));
    console.log(`  # server ${pid} killed, ${next} took over`);
  });

  await check("新建年报 writes the skeleton for the given year and agency and opens it", async () => {
    await command("nianbao: 新建年报");
    const input = page.locator(".quick-input-widget input");
    await page.locator(".quick-input-widget", { hasText: "新建年报（1/3）" }).waitFor();
    await input.fill("2023");
    await page.keyboard.press("Enter");
    await page.locator(".quick-input-widget", { hasText: "新建年报（2/3）" }).waitFor();
    await input.fill("测试区人民政府");
    await page.keyboard.press("Enter");
    // code-server's save dialog is a quick input holding the suggested path.
    await until("the save dialog", async () => (await input.inputValue()).endsWith("2023.nianbao"));
    await page.keyboard.press("Enter");
    await page.locator('.tab.active[aria-label*="2023.nianbao"]').waitFor();
    const want = execFileSync(opts.nianbao, ["new", "--year", "2023", "--agency", "测试区人民政府"], { encoding: "utf8" });
    const got = fs.readFileSync(path.join(ws, "2023.nianbao"), "utf8");
    assert(got === want, "the new file is what nianbao new writes");
    await page.locator(".monaco-editor .view-line", { hasText: "测试区人民政府2023年政府信息公开工作年度报告" }).first().waitFor();
  });

  await check("nianbao.rules set in the settings reaches the server (NB402 off)", async () => {
    await openFile("gongnong-2021.nianbao");
    const before = await problems("gongnong-2021.nianbao");
    assert(before.includes("NB402@103:4") && before.includes("NB113@103:4"), `${before}`);
    await setSettings("user", { "nianbao.rules": { NB402: "off" } });
    await until("NB402 to leave the Problems panel", async () => {
      const p = await problems("gongnong-2021.nianbao");
      return !p.includes("NB402@103:4") && p.includes("NB113@103:4");
    });
    await setSettings("user", { "nianbao.rules": {} });
    await until("NB402 to come back", async () => (await problems("gongnong-2021.nianbao")).includes("NB402@103:4"));
  });

  await check("a server path that does not exist is explained in Chinese and English", async () => {
    await setSettings("workspace", { "nianbao.server.path": "/nonexistent/nianbao" });
    await until("the server to be stopped", () => serverPids().length === 0);
    // The message is a toast, or in the notification center once the toast has gone.
    const item = page.locator(".notification-list-item", { hasText: "nianbao.server.path" }).first();
    if (!(await item.isVisible())) await command("Notifications: Show Notifications");
    await item.waitFor();
    const text = await item.innerText();
    assert(text.includes("/nonexistent/nianbao") && text.includes("不存在或无法执行") && text.includes("does not exist or is not executable"), text);
    await page.keyboard.press("Escape");
    await setSettings("workspace", { "nianbao.server.path": "" });
    await until("the bundled server to run again", () => serverPids().length === 1);
  });
} finally {
  await browser?.close().catch(() => {});
  stopServer();
  if (failed > 0 || opts.keep) {
    console.log(`# logs and screenshots of failures: ${root}`);
  } else {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
