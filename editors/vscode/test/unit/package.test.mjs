// scripts/package.mjs makes one .vsix per release target with that target's server inside, and a
// universal one without. The other targets' binaries cannot be built here, so the dry run packs a
// placeholder in their place; what is checked is what the Marketplace and VS Code read: the
// target platform in the manifest, the server's file name, the version, the licence.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
// vsce's own zip reader (a dependency of @vscode/vsce).
const yauzl = require("yauzl");
const ext = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const repo = path.resolve(ext, "..", "..");
const manifest = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));

/** name → contents (text) of every entry of a zip file. */
function readZip(file) {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      const entries = new Map();
      zip.on("entry", (entry) => {
        zip.openReadStream(entry, (e, stream) => {
          if (e) return reject(e);
          const chunks = [];
          stream.on("data", (c) => chunks.push(c));
          stream.on("end", () => {
            entries.set(entry.fileName, Buffer.concat(chunks).toString("utf8"));
            zip.readEntry();
          });
        });
      });
      zip.on("end", () => resolve(entries));
      zip.on("error", reject);
      zip.readEntry();
    });
  });
}

function runPackage(...args) {
  const out = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-pkg-test-"));
  const r = spawnSync(process.execPath, [path.join(ext, "scripts", "package.mjs"), ...args, "--out", out], { encoding: "utf8" });
  assert.equal(r.status, 0, `package.mjs ${args.join(" ")} failed:\n${r.stderr}`);
  return r.stdout.trim().split("\n");
}

const cargoVersion = /\[workspace\.package\][^[]*?^version = "([^"]+)"/m.exec(fs.readFileSync(path.join(repo, "Cargo.toml"), "utf8"))[1];

const expected = {
  "linux-x64": "extension/server/nianbao",
  "linux-arm64": "extension/server/nianbao",
  "win32-x64": "extension/server/nianbao.exe",
  "darwin-x64": "extension/server/nianbao",
  "darwin-arm64": "extension/server/nianbao",
};

test("the dry run makes one .vsix per release target, each naming its platform and carrying only its server", async () => {
  const files = runPackage("--dry-run");
  assert.deepEqual(
    files.map((f) => path.basename(f)),
    Object.keys(expected).map((t) => `nianbao-${manifest.version}-${t}.vsix`),
  );
  for (const [i, target] of Object.keys(expected).entries()) {
    const zip = await readZip(files[i]);
    const vsixManifest = zip.get("extension.vsixmanifest");
    assert.match(vsixManifest, new RegExp(`<Identity [^>]*Version="${cargoVersion.replace(/\./g, "\\.")}"[^>]*TargetPlatform="${target}"`), target);
    const servers = [...zip.keys()].filter((n) => n.startsWith("extension/server/"));
    assert.deepEqual(servers, [expected[target]], target);
    assert.match(zip.get(expected[target]), /^placeholder for the .* build of nianbao/);
    assert.equal(JSON.parse(zip.get("extension/package.json")).version, cargoVersion, `${target}: package.json's version is Cargo.toml's`);
    assert.ok(zip.has("extension/LICENSE.txt") || zip.has("extension/LICENSE"), `${target}: the licence is inside`);
    assert.ok(zip.has("extension/dist/extension.js"), `${target}: the bundled extension is inside`);
  }
});

test("the universal .vsix has no server and no target platform, so the extension looks on PATH", async () => {
  const [file] = runPackage("--universal");
  assert.equal(path.basename(file), `nianbao-${manifest.version}.vsix`);
  const zip = await readZip(file);
  assert.doesNotMatch(zip.get("extension.vsixmanifest"), /TargetPlatform=/);
  assert.deepEqual([...zip.keys()].filter((n) => n.startsWith("extension/server/")), []);
  assert.ok(zip.has("extension/dist/extension.js"));
});

test("a target the release does not build is refused, not packaged", () => {
  const r = spawnSync(process.execPath, [path.join(ext, "scripts", "package.mjs"), "--dry-run", "--target", "win32-ia32"], { encoding: "utf8" });
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /unknown target win32-ia32/);
});
