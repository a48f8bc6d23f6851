// Where the extension looks for the server, and what it says when there is none.
import { test } from "node:test";
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const { findServer, notFoundMessage, bundledServerPath } = require("../../out/unit/findServer.js");

function sandbox() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-find-"));
  const exe = (rel) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, "#!/bin/sh\n");
    fs.chmodSync(p, 0o755);
    return p;
  };
  return { dir, exe };
}

test("the setting wins over the bundled binary and PATH", () => {
  const { dir, exe } = sandbox();
  const own = exe("tools/nianbao");
  exe("ext/server/nianbao");
  exe("bin/nianbao");
  const r = findServer({ configured: own, extensionPath: path.join(dir, "ext"), envPath: path.join(dir, "bin") });
  assert.deepEqual(r, { found: true, path: own, source: "setting" });
});

test("a relative setting is read from the workspace folder, ~ from home", () => {
  const { dir, exe } = sandbox();
  const own = exe("ws/bin/nianbao");
  const r = findServer({ configured: "bin/nianbao", baseDir: path.join(dir, "ws"), extensionPath: dir, envPath: "" });
  assert.deepEqual(r, { found: true, path: own, source: "setting" });
  const home = findServer({ configured: "~/bin/nianbao", home: path.join(dir, "ws"), extensionPath: dir, envPath: "" });
  assert.deepEqual(home, { found: true, path: own, source: "setting" });
});

test("a setting naming a missing file is reported, not replaced by another binary", () => {
  const { dir, exe } = sandbox();
  exe("ext/server/nianbao");
  const missing = path.join(dir, "nope", "nianbao");
  const r = findServer({ configured: missing, extensionPath: path.join(dir, "ext"), envPath: "" });
  assert.equal(r.found, false);
  assert.equal(r.configured, missing);
  const msg = notFoundMessage(r);
  assert.match(msg, /nianbao\.server\.path/);
  assert.ok(msg.includes(missing));
  assert.match(msg, /不存在或无法执行/);
  assert.match(msg, /does not exist or is not executable/);
});

test("without a setting: the bundled binary, else the first nianbao on PATH", () => {
  const { dir, exe } = sandbox();
  const ext = path.join(dir, "ext");
  const second = exe("b/nianbao");
  const r1 = findServer({ configured: "", extensionPath: ext, envPath: [path.join(dir, "a"), path.join(dir, "b")].join(":"), platform: "linux" });
  assert.deepEqual(r1, { found: true, path: second, source: "path" });
  const bundled = exe("ext/server/nianbao");
  assert.equal(bundled, bundledServerPath(ext, "linux"));
  const r2 = findServer({ configured: "", extensionPath: ext, envPath: path.join(dir, "b"), platform: "linux" });
  assert.deepEqual(r2, { found: true, path: bundled, source: "bundled" });
});

test("a file that is not executable does not count", () => {
  const { dir } = sandbox();
  fs.mkdirSync(path.join(dir, "bin"));
  fs.writeFileSync(path.join(dir, "bin", "nianbao"), "not a program");
  fs.chmodSync(path.join(dir, "bin", "nianbao"), 0o644);
  fs.mkdirSync(path.join(dir, "bin2", "nianbao"), { recursive: true }); // a folder named nianbao
  const r = findServer({ configured: "", extensionPath: dir, envPath: `${dir}/bin:${dir}/bin2`, platform: "linux" });
  assert.equal(r.found, false);
});

test("nothing found: the message says what to do, in Chinese and English", () => {
  const r = findServer({ configured: "", extensionPath: "/nonexistent/ext", envPath: "/nonexistent/bin", platform: "linux" });
  assert.equal(r.found, false);
  assert.deepEqual(r.searched, ["/nonexistent/ext/server/nianbao", "/nonexistent/bin/nianbao"]);
  const msg = notFoundMessage(r);
  assert.match(msg, /找不到 nianbao 语言服务器/);
  assert.match(msg, /cargo install --locked --path server/);
  assert.match(msg, /nianbao\.server\.path/);
  assert.match(msg, /was not found/);
  assert.match(msg, /重启服务器/);
});

test("Windows: nianbao.exe, PATH separated by ;", () => {
  const r = findServer({
    configured: "",
    extensionPath: "C:\\ext",
    envPath: "C:\\a;C:\\tools",
    platform: "win32",
    isExecutable: (p) => p.endsWith("tools/nianbao.exe") || p.endsWith("tools\\nianbao.exe"),
  });
  assert.equal(r.found, true);
  assert.equal(r.source, "path");
  assert.match(r.path, /tools[\\/]nianbao\.exe$/);
});
