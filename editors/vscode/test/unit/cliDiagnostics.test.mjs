// 检查工作区 reads `nianbao check --format json`; its ranges must land on the
// same characters in the editor (UTF-16 columns, 0-based lines).
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const cli = require("../../out/unit/cliDiagnostics.js");
const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "..");
const nianbao = process.env.NIANBAO_BIN ?? path.join(repo, "target", "debug", "nianbao");

function check(cwd, ...paths) {
  const r = spawnSync(nianbao, ["check", "--format", "json", "--quiet", ...paths], { cwd, encoding: "utf8" });
  assert.ok(r.status === 0 || r.status === 1, `nianbao check failed: ${r.stderr}`);
  return cli.parseCheckOutput(r.stdout);
}

function slice(text, range) {
  const lines = cli.splitLines(text);
  assert.equal(range.start.line, range.end.line);
  return lines[range.start.line].slice(range.start.character, range.end.character);
}

test("character columns become UTF-16 columns", () => {
  assert.equal(cli.charColumnToUtf16("abc", 1), 0);
  assert.equal(cli.charColumnToUtf16("总计", 2), 1);
  assert.equal(cli.charColumnToUtf16("😀x", 2), 2);
  assert.equal(cli.charColumnToUtf16("😀x", 3), 3);
  assert.equal(cli.charColumnToUtf16("ab", 5), 4); // past the end
});

test("the example report's findings land on the cells the CLI means", () => {
  const example = path.join(repo, "examples", "gongnong-2021.nianbao");
  const items = check(repo, "examples/gongnong-2021.nianbao");
  const byFile = cli.toDiagnostics(items, repo, (f) => fs.readFileSync(f, "utf8"));
  assert.deepEqual([...byFile.keys()], [example]);
  const diags = byFile.get(example);
  assert.equal(diags.length, items.length);
  const text = fs.readFileSync(example, "utf8");
  const nb302 = diags.find((d) => d.code === "NB302");
  assert.deepEqual(nb302.range, { start: { line: 83, character: 10 }, end: { line: 83, character: 11 } });
  assert.equal(nb302.severity, "error");
  assert.equal(slice(text, nb302.range), "0");
  assert.ok(nb302.related.length > 0);
  assert.equal(slice(text, nb302.related[0].range), "1");
  const nb113 = diags.find((d) => d.code === "NB113");
  assert.equal(slice(text, nb113.range), "6、 其他需要报告的事项");
});

test("after an emoji, the range still covers the right characters", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-emoji-"));
  const lines = execFileSync(nianbao, ["new", "--year", "2022", "--agency", "某某区人民政府"], { encoding: "utf8" }).split("\n");
  const i = lines.findIndex((l) => /^\|\s*行政规范性文件\s*\|/.test(l));
  lines[i] = "| 行政规范性文件😀 | 0 | 0 | 0 |";
  const file = path.join(dir, "a.nianbao");
  fs.writeFileSync(file, lines.join("\n"));
  const items = check(dir, file);
  const diags = cli.toDiagnostics(items, dir, (f) => fs.readFileSync(f, "utf8")).get(file);
  assert.ok(diags && diags.length > 0, "the odd label is reported");
  const d = diags.find((x) => x.range.start.line === i);
  assert.ok(d, JSON.stringify(items));
  assert.equal(slice(fs.readFileSync(file, "utf8"), d.range), "行政规范性文件😀");
});

test("nianbao.toml decides before the editor's rule settings", () => {
  const d = (code, severity) => ({ code, severity, message: "", range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, related: [] });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-rules-"));
  fs.mkdirSync(path.join(dir, "sub"));
  const file = path.join(dir, "sub", "a.nianbao");
  const rules = { NB402: "off", NB114: "error", NB113: "info" };
  const diags = [d("NB402", "info"), d("NB114", "warning"), d("NB113", "warning"), d("NB302", "error")];
  // No nianbao.toml: the settings apply.
  const none = cli.applyRuleSettings(file, diags, rules, () => undefined);
  assert.deepEqual(none.map((x) => `${x.code}:${x.severity}`), ["NB114:error", "NB113:info", "NB302:error"]);
  // A nianbao.toml above the file that sets NB114 keeps the CLI's NB114 (it already applied it).
  fs.writeFileSync(path.join(dir, "nianbao.toml"), '# 项目配置\nexclude = ["drafts/**"]\n\n[rules]\nNB114 = "warning"  # 保持警告\n');
  const withToml = cli.applyRuleSettings(file, diags, rules, (p) => fs.readFileSync(p, "utf8"));
  assert.deepEqual(withToml.map((x) => `${x.code}:${x.severity}`), ["NB114:warning", "NB113:info", "NB302:error"]);
});

test("tomlSetsRule reads only the [rules] table", () => {
  assert.equal(cli.tomlSetsRule('[rules]\nNB402 = "off"\n', "NB402"), true);
  assert.equal(cli.tomlSetsRule('[rules]\n"NB402" = "off"\n', "NB402"), true);
  assert.equal(cli.tomlSetsRule('rules.NB402 = "off"\n', "NB402"), true);
  assert.equal(cli.tomlSetsRule('[rules]\nNB403 = "off"\n', "NB402"), false);
  assert.equal(cli.tomlSetsRule('[other]\nNB402 = "off"\n', "NB402"), false);
  assert.equal(cli.tomlSetsRule('# NB402 = "off"\n[rules]\n', "NB402"), false);
});
