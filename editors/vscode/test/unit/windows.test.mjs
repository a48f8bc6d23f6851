// Windows, tested on any machine: the extension computes paths with the rules of the platform it
// is told, so drive letters, backslashes, `;` in PATH and the `file:///c%3A/…` URIs VS Code sends
// for them are checked here, on Linux CI, against what VS Code on Windows gives the extension.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { findServer, bundledServerPath, resolveConfigured } = require("../../out/unit/findServer.js");
const cli = require("../../out/unit/cliDiagnostics.js");

const win = "win32";
/** An isExecutable over a fixed set of Windows files, compared as Windows does (any case). */
const filesystem = (...files) => {
  const set = new Set(files.map((f) => f.toLowerCase()));
  return (p) => set.has(p.toLowerCase());
};

/**
 * What VS Code's `Uri.fsPath` gives for a `file:` URI on Windows: the URI VS Code sends for
 * C:\Users\张三\年报\2023.nianbao is file:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E5%B9%B4%E6%8A%A5/2023.nianbao.
 * (The same rule as vscode-uri's uriToFsPath: decode, drop the slash before the drive, lower-case
 * the drive letter, backslashes.)
 */
function fsPathOfWindowsUri(uri) {
  const u = new URL(uri);
  assert.equal(u.protocol, "file:");
  let p = decodeURIComponent(u.pathname);
  if (/^\/[A-Za-z]:/.test(p)) p = p[1].toLowerCase() + p.slice(2);
  return u.host ? `\\\\${u.host}${p.replace(/\//g, "\\")}` : p.replace(/\//g, "\\");
}

test("the bundled server on Windows is server\\nianbao.exe inside the extension", () => {
  const extensionPath = "c:\\Users\\张三\\.vscode\\extensions\\nianbao.nianbao-0.1.0-win32-x64";
  assert.equal(bundledServerPath(extensionPath, win), `${extensionPath}\\server\\nianbao.exe`);
  const r = findServer({ configured: "", extensionPath, envPath: "", platform: win, isExecutable: filesystem(`${extensionPath}\\server\\nianbao.exe`) });
  assert.deepEqual(r, { found: true, path: `${extensionPath}\\server\\nianbao.exe`, source: "bundled" });
});

test("nianbao.exe is found on a Windows PATH: ; between entries, quoted entries, any case", () => {
  const envPath = 'C:\\Windows\\system32;"C:\\Program Files\\nianbao";C:\\Users\\张三\\.cargo\\bin';
  const r = findServer({
    configured: "",
    extensionPath: "c:\\ext",
    envPath,
    platform: win,
    isExecutable: filesystem("C:\\Program Files\\nianbao\\NIANBAO.EXE"),
  });
  assert.deepEqual(r, { found: true, path: "C:\\Program Files\\nianbao\\nianbao.exe", source: "path" });
  const cargo = findServer({ configured: "", extensionPath: "c:\\ext", envPath, platform: win, isExecutable: filesystem("C:\\Users\\张三\\.cargo\\bin\\nianbao.exe") });
  assert.equal(cargo.path, "C:\\Users\\张三\\.cargo\\bin\\nianbao.exe");
  // Not found: every place looked at is listed with Windows separators.
  const none = findServer({ configured: "", extensionPath: "c:\\ext", envPath, platform: win, isExecutable: () => false });
  assert.deepEqual(none.searched, [
    "c:\\ext\\server\\nianbao.exe",
    "C:\\Windows\\system32\\nianbao.exe",
    "C:\\Program Files\\nianbao\\nianbao.exe",
    "C:\\Users\\张三\\.cargo\\bin\\nianbao.exe",
  ]);
});

test("nianbao.server.path on Windows: drive letters, forward slashes, quotes, relative to the workspace, ~", () => {
  const home = "C:\\Users\\张三";
  assert.equal(resolveConfigured("D:\\tools\\nianbao.exe", "c:\\ws", home, win), "D:\\tools\\nianbao.exe");
  assert.equal(resolveConfigured("D:/tools/nianbao.exe", "c:\\ws", home, win), "D:\\tools\\nianbao.exe");
  assert.equal(resolveConfigured('"D:\\My Tools\\nianbao.exe"', "c:\\ws", home, win), "D:\\My Tools\\nianbao.exe");
  assert.equal(resolveConfigured("bin\\nianbao.exe", "c:\\ws", home, win), "c:\\ws\\bin\\nianbao.exe");
  assert.equal(resolveConfigured("~\\bin\\nianbao.exe", "c:\\ws", home, win), "C:\\Users\\张三\\bin\\nianbao.exe");
  assert.equal(resolveConfigured("\\\\server\\share\\nianbao.exe", "c:\\ws", home, win), "\\\\server\\share\\nianbao.exe");
  const r = findServer({ configured: "D:/tools/nianbao.exe", extensionPath: "c:\\ext", envPath: "", platform: win, isExecutable: filesystem("D:\\tools\\nianbao.exe") });
  assert.deepEqual(r, { found: true, path: "D:\\tools\\nianbao.exe", source: "setting" });
});

const item = (file) => ({ file, line: 1, column: 1, end_line: 1, end_column: 3, severity: "error", code: "NB302", message: "合计错误" });

test("检查工作区 on Windows: the CLI's paths become the fsPath of the URI VS Code has for the open report", () => {
  // The workspace folder as VS Code gives it (Uri.fsPath: lower-case drive letter).
  const folderUri = "file:///c%3A/Users/%E5%BC%A0%E4%B8%89/%E5%B9%B4%E6%8A%A5";
  const cwd = fsPathOfWindowsUri(folderUri);
  assert.equal(cwd, "c:\\Users\\张三\\年报");
  const documentUri = `${folderUri}/2023/%E6%9F%90%E5%8E%BF.nianbao`;
  const expected = fsPathOfWindowsUri(documentUri);
  assert.equal(expected, "c:\\Users\\张三\\年报\\2023\\某县.nianbao");
  // However the CLI spelled the path (relative, with either slash, upper-case drive), the
  // findings land under the one key the editor looks up.
  for (const printed of ["2023\\某县.nianbao", "2023/某县.nianbao", "C:\\Users\\张三\\年报\\2023\\某县.nianbao", "C:/Users/张三/年报/2023/某县.nianbao"]) {
    const byFile = cli.toDiagnostics([item(printed)], cwd, () => "| 合计 |\r\n", win);
    assert.deepEqual([...byFile.keys()], [expected], printed);
    assert.equal(cli.editorPath(cwd, expected, win), expected, "the editor's own path is its key");
  }
});

test("a nianbao.toml is found up to the drive's root on Windows, and the walk stops there", () => {
  const report = "c:\\Users\\张三\\年报\\2023\\某县.nianbao";
  const seen = [];
  const exists = (p) => {
    seen.push(p);
    return p === "c:\\nianbao.toml";
  };
  assert.equal(cli.findConfig(report, exists, win), "c:\\nianbao.toml");
  assert.deepEqual(seen, [
    "c:\\Users\\张三\\年报\\2023\\nianbao.toml",
    "c:\\Users\\张三\\年报\\nianbao.toml",
    "c:\\Users\\张三\\nianbao.toml",
    "c:\\Users\\nianbao.toml",
    "c:\\nianbao.toml",
  ]);
  assert.equal(cli.findConfig(report, () => false, win), undefined);
  // On a network share the walk stops at the share's root.
  assert.equal(cli.findConfig("\\\\srv\\share\\a\\b.nianbao", () => false, win), undefined);
});

test("the editor's nianbao.rules yield to a nianbao.toml above the report on Windows", () => {
  const diag = { range: { start: { line: 0, character: 0 }, end: { line: 0, character: 2 } }, severity: "warning", code: "NB402", message: "m", related: [] };
  const report = "c:\\ws\\2023\\a.nianbao";
  const toml = { "c:\\ws\\nianbao.toml": '[rules]\nNB402 = "error"\n' };
  const out = cli.applyRuleSettings(report, [diag], { NB402: "off" }, (f) => toml[f], (p) => p in toml, win);
  assert.deepEqual(out, [diag], "the file sets NB402, so the editor's off does not apply");
  const without = cli.applyRuleSettings(report, [diag], { NB402: "off" }, () => undefined, () => false, win);
  assert.deepEqual(without, []);
});
