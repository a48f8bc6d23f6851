// `npm run package`: a .vsix for this platform with the nianbao server
// inside (server/nianbao), built offline.
//
// The binary is NIANBAO_SERVER_BINARY when set, else `cargo build --release`
// of the repository this folder belongs to.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { fileURLToPath } from "url";

const ext = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(ext, "..", "..");
const exe = process.platform === "win32" ? "nianbao.exe" : "nianbao";

function sh(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, stdio: "inherit", shell: process.platform === "win32" });
  if (r.status !== 0) {
    console.error(`failed: ${cmd} ${args.join(" ")}`);
    process.exit(r.status ?? 1);
  }
}

function vsceTarget() {
  const arch = { x64: "x64", arm64: "arm64", arm: "armhf" }[process.arch];
  if (arch === undefined) throw new Error(`no VS Code target for ${process.arch}`);
  if (process.platform === "linux" && fs.existsSync("/etc/alpine-release")) return `alpine-${arch}`;
  return `${process.platform}-${arch}`;
}

let binary = process.env.NIANBAO_SERVER_BINARY;
if (!binary) {
  sh("cargo", ["build", "--release", "--locked", "-p", "nianbao"], repo);
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(repo, process.env.CARGO_TARGET_DIR) : path.join(repo, "target");
  binary = path.join(targetDir, "release", exe);
}
if (!fs.existsSync(binary)) {
  console.error(`no server binary at ${binary}`);
  process.exit(1);
}

const serverDir = path.join(ext, "server");
fs.rmSync(serverDir, { recursive: true, force: true });
fs.mkdirSync(serverDir);
const bundled = path.join(serverDir, exe);
fs.copyFileSync(binary, bundled);
fs.chmodSync(bundled, 0o755);
// The release profile keeps line tables for backtraces; the editor does not need them.
if (process.platform === "linux" && spawnSync("strip", ["--version"]).status === 0) {
  execFileSync("strip", ["--strip-debug", bundled]);
}
// The copy must run here (right platform, not corrupt) before it is shipped.
const version = execFileSync(bundled, ["--version"], { encoding: "utf8" }).trim();
console.log(`bundling ${version} from ${binary}`);

sh(process.execPath, [path.join(ext, "scripts", "build.mjs")], ext);

const manifest = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
const target = vsceTarget();
const out = path.join(ext, `${manifest.name}-${manifest.version}-${target}.vsix`);
const vsce = path.join(ext, "node_modules", "@vscode", "vsce", "vsce");
sh(process.execPath, [vsce, "package", "--target", target, "--out", out, "--no-dependencies", "--skip-license", "--no-rewrite-relative-links"], ext);
console.log(out);
