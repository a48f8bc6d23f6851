// The TextMate grammar (what VS Code colours before the server answers) must
// agree with grammar/queries/highlights.scm (what tree-sitter editors
// colour): on every example and fixture report, each non-blank character
// gets the same kinds of highlight from both.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const oniguruma = require("vscode-oniguruma");
const textmate = require("vscode-textmate");

const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const repo = path.resolve(ext, "..", "..");
const grammarDir = path.join(repo, "grammar");

// tree-sitter capture → the TextMate scope family that stands for it.
// `spell` (prose) has no colour in either.
const FAMILY = {
  "punctuation.delimiter": "punctuation.separator",
  "punctuation.special": "punctuation.definition.heading",
  "markup.heading": "markup.heading",
  property: "variable.other.property",
  string: "string",
  label: "entity.name.label",
  number: "constant.numeric",
  comment: "comment",
  "keyword.directive": "meta.directive",
};
const IGNORED = new Set(["spell"]);
const FAMILIES = [...new Set(Object.values(FAMILY))];

const files = [
  ...fs.readdirSync(path.join(repo, "examples")).filter((f) => f.endsWith(".nianbao")).map((f) => path.join(repo, "examples", f)),
  path.join(repo, "tests", "fixtures", "valid-2021.nianbao"),
  path.join(repo, "tests", "fixtures", "valid-2019.nianbao"),
  path.join(ext, "test", "fixtures", "highlight.nianbao"),
];

function treeSitter(args) {
  // Run in grammar/ so the CLI compiles and uses this grammar.
  return execFileSync(process.env.TREE_SITTER ?? "tree-sitter", args, { cwd: grammarDir, encoding: "utf8", maxBuffer: 64 << 20, stdio: ["ignore", "pipe", "pipe"] });
}

/** file → captures as { name, start: [row, byte], end: [row, byte] }. */
function captures(query, paths) {
  const out = new Map();
  let current;
  for (const line of treeSitter(["query", query, ...paths, "--captures"]).split("\n")) {
    const m = /^\s+pattern:\s*\d+, capture: \d+ - ([\w.]+), start: \((\d+), (\d+)\), end: \((\d+), (\d+)\)/.exec(line);
    if (m) {
      out.get(current).push({ name: m[1], start: [+m[2], +m[3]], end: [+m[4], +m[5]] });
    } else if (paths.some((p) => path.resolve(grammarDir, line.trim()) === p)) {
      current = path.resolve(grammarDir, line.trim());
      out.set(current, []);
    }
  }
  return out;
}

function lines(text) {
  return text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

/** UTF-16 index in a line from a byte column. */
function utf16(lineText, byteColumn) {
  return Buffer.from(lineText, "utf8").subarray(0, byteColumn).toString("utf8").length;
}

function treeSitterKinds(text, caps) {
  const ls = lines(text);
  const kinds = ls.map((l) => Array.from({ length: l.length }, () => new Set()));
  for (const c of caps) {
    if (IGNORED.has(c.name)) continue;
    const family = FAMILY[c.name];
    assert.ok(family, `highlights.scm has a capture @${c.name} with no TextMate counterpart in this test: add it to FAMILY`);
    for (let row = c.start[0]; row <= c.end[0] && row < ls.length; row++) {
      const from = row === c.start[0] ? utf16(ls[row], c.start[1]) : 0;
      const to = row === c.end[0] ? utf16(ls[row], c.end[1]) : ls[row].length;
      for (let i = from; i < to; i++) kinds[row][i].add(family);
    }
  }
  return kinds;
}

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) =>
      scopeName === "text.nianbao"
        ? textmate.parseRawGrammar(fs.readFileSync(path.join(ext, "syntaxes", "nianbao.tmLanguage.json"), "utf8"), "nianbao.tmLanguage.json")
        : null,
  });
  return registry.loadGrammar("text.nianbao");
}

function textMateKinds(grammar, text) {
  let stack = textmate.INITIAL;
  return lines(text).map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    const kinds = Array.from({ length: line.length }, () => new Set());
    for (const t of r.tokens) {
      const fams = FAMILIES.filter((f) => t.scopes.some((s) => s === f || s.startsWith(f + ".")));
      for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) for (const f of fams) kinds[i].add(f);
    }
    return kinds;
  });
}

const show = (set) => `{${[...set].sort().join(", ")}}`;

test("the fixtures parse without errors (else the comparison means nothing)", () => {
  const query = path.join(fs.mkdtempSync(path.join(process.env.TMPDIR ?? "/tmp", "nianbao-q-")), "errors.scm");
  fs.writeFileSync(query, "(ERROR) @error\n(MISSING) @missing\n");
  const found = captures(query, files);
  assert.equal(found.size, files.length, "tree-sitter query ran on every file");
  for (const [file, caps] of found) {
    assert.deepEqual(caps, [], `${path.relative(repo, file)} has syntax errors`);
  }
});

test("TextMate scopes agree with tree-sitter highlight captures", async () => {
  const grammar = await loadGrammar();
  const all = captures(path.join(grammarDir, "queries", "highlights.scm"), files);
  assert.equal(all.size, files.length, "tree-sitter query printed captures for every file");
  let compared = 0;
  const seen = new Set();
  for (const file of files) {
    const text = fs.readFileSync(file, "utf8");
    const ts = treeSitterKinds(text, all.get(file));
    const tm = textMateKinds(grammar, text);
    const ls = lines(text);
    const diffs = [];
    for (let row = 0; row < ls.length; row++) {
      for (let i = 0; i < ls[row].length; i++) {
        if (/[ \t\uFEFF]/.test(ls[row][i])) continue;
        compared++;
        for (const f of ts[row][i]) seen.add(f);
        if (show(ts[row][i]) !== show(tm[row][i])) {
          diffs.push(`${path.relative(repo, file)}:${row + 1}:${i + 1} ${JSON.stringify(ls[row][i])} tree-sitter ${show(ts[row][i])} ≠ TextMate ${show(tm[row][i])}`);
        }
      }
    }
    assert.deepEqual(diffs.slice(0, 25), [], `${diffs.length} characters disagree`);
  }
  assert.ok(compared > 5000, `compared ${compared} characters`);
  // Every kind of highlight occurs in the fixtures, so none is untested.
  assert.deepEqual([...seen].sort(), [...FAMILIES].sort());
});
