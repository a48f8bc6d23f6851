// `npm run package`: the .vsix files of the extension, offline.
//
//   node scripts/package.mjs                     this machine's platform, with the server from
//                                                `cargo build --release` (or NIANBAO_SERVER_BINARY)
//   node scripts/package.mjs --target T --binary FILE
//                                                the .vsix for VS Code target T (linux-x64,
//                                                linux-arm64, win32-x64, darwin-x64, darwin-arm64)
//                                                with FILE inside as server/nianbao(.exe)
//   node scripts/package.mjs --universal         no server inside: the extension uses `nianbao`
//                                                on PATH (or nianbao.server.path); the Marketplace
//                                                serves it on platforms without their own .vsix
//   node scripts/package.mjs --dry-run [--target T …]
//                                                every target (or the named ones) with a
//                                                placeholder instead of the server, to check the
//                                                manifests where the real binaries cannot be built
//   --out DIR                                    where the .vsix files go (default: this folder)
//
// Each package is assembled in a staging folder (the files of package.json's "files", the
// LICENSE, server/ when there is one), so packaging one target never leaves another's binary
// behind. Prints the path of each .vsix, one a line, last.
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { fileURLToPath } from "url";

const ext = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const repo = path.resolve(ext, "..", "..");

/** The VS Code targets of a release, with the Rust target whose binary each one carries. */
export const TARGETS = {
  "linux-x64": "x86_64-unknown-linux-musl",
  "linux-arm64": "aarch64-unknown-linux-musl",
  "win32-x64": "x86_64-pc-windows-msvc",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
};

export const exeFor = (target) => (target.startsWith("win32-") ? "nianbao.exe" : "nianbao");

function sh(cmd, args, cwd) {
  // No shell, on Windows too: node.exe lives under "C:\Program Files", which a shell would split.
  const r = spawnSync(cmd, args, { cwd, stdio: ["ignore", 2, 2] });
  if (r.status !== 0) {
    console.error(`failed: ${cmd} ${args.join(" ")}`);
    process.exit(r.status ?? 1);
  }
}

function hostTarget() {
  const arch = { x64: "x64", arm64: "arm64", arm: "armhf" }[process.arch];
  if (arch === undefined) throw new Error(`no VS Code target for ${process.arch}`);
  if (process.platform === "linux" && fs.existsSync("/etc/alpine-release")) return `alpine-${arch}`;
  return `${process.platform}-${arch}`;
}

function parseArgs(argv) {
  const opts = { targets: [], binary: undefined, universal: false, dryRun: false, out: ext };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--target") opts.targets.push(value());
    else if (a === "--binary") opts.binary = path.resolve(value());
    else if (a === "--universal") opts.universal = true;
    else if (a === "--dry-run") opts.dryRun = true;
    else if (a === "--out") opts.out = path.resolve(value());
    else throw new Error(`unknown argument ${a}`);
  }
  for (const t of opts.targets) {
    if (!(t in TARGETS) && t !== hostTarget()) throw new Error(`unknown target ${t}; one of ${Object.keys(TARGETS).join(", ")}`);
  }
  if (opts.binary !== undefined && opts.targets.length !== 1) throw new Error("--binary goes with exactly one --target");
  if (opts.universal && (opts.targets.length > 0 || opts.binary !== undefined)) throw new Error("--universal carries no server: no --target or --binary");
  return opts;
}

/** The server for this machine: NIANBAO_SERVER_BINARY, else a release build of this repository. */
function hostBinary() {
  if (process.env.NIANBAO_SERVER_BINARY) return path.resolve(process.env.NIANBAO_SERVER_BINARY);
  sh("cargo", ["build", "--release", "--locked", "-p", "nianbao"], repo);
  const targetDir = process.env.CARGO_TARGET_DIR ? path.resolve(repo, process.env.CARGO_TARGET_DIR) : path.join(repo, "target");
  return path.join(targetDir, "release", process.platform === "win32" ? "nianbao.exe" : "nianbao");
}

const isServerEntry = (entry) => entry.replace(/\/$/, "") === "server";

/** Copy what the .vsix holds into a fresh staging folder (the universal one has no server/). */
function stage(manifest, withServer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "nianbao-vsix-"));
  for (const entry of manifest.files) {
    const from = path.join(ext, entry);
    if (isServerEntry(entry) || !fs.existsSync(from)) continue;
    fs.cpSync(from, path.join(dir, entry), { recursive: true });
  }
  fs.copyFileSync(path.join(repo, "LICENSE"), path.join(dir, "LICENSE"));
  const staged = withServer ? manifest : { ...manifest, files: manifest.files.filter((e) => !isServerEntry(e)) };
  fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify(staged, null, 2) + "\n");
  return dir;
}

/**
 * One .vsix: `target` undefined for the universal one; `binary` the server to bundle, or
 * undefined for a placeholder (dry run) or none (universal).
 */
function packageOne(manifest, { target, binary, dryRun, out }) {
  const dir = stage(manifest, target !== undefined);
  try {
    if (target !== undefined) {
      const serverDir = path.join(dir, "server");
      fs.mkdirSync(serverDir);
      const bundled = path.join(serverDir, exeFor(target));
      if (dryRun) {
        fs.writeFileSync(bundled, `placeholder for the ${TARGETS[target] ?? target} build of nianbao ${manifest.version}\n`);
      } else {
        if (!fs.existsSync(binary)) {
          console.error(`no server binary at ${binary}`);
          process.exit(1);
        }
        fs.copyFileSync(binary, bundled);
        fs.chmodSync(bundled, 0o755);
        // The release profile keeps line tables for backtraces; the editor does not need them.
        if (target.startsWith("linux-") && process.platform === "linux" && spawnSync("strip", ["--version"]).status === 0) {
          spawnSync("strip", ["--strip-debug", bundled]);
        }
        // A binary this machine can run must work before it is shipped (right platform, not
        // corrupt, the extension's version); the others were tested on their own runners.
        if (target === hostTarget()) {
          const version = execFileSync(bundled, ["--version"], { encoding: "utf8" }).trim();
          if (version !== `nianbao ${manifest.version}`) {
            console.error(`the server says "${version}", the extension is ${manifest.version}: run scripts/version.sh check`);
            process.exit(1);
          }
          console.error(`bundling ${version} from ${binary}`);
        }
      }
    }
    const name = target === undefined ? `${manifest.name}-${manifest.version}.vsix` : `${manifest.name}-${manifest.version}-${target}.vsix`;
    fs.mkdirSync(out, { recursive: true });
    const file = path.join(out, name);
    const vsce = path.join(ext, "node_modules", "@vscode", "vsce", "vsce");
    const targetArgs = target === undefined ? [] : ["--target", target];
    sh(process.execPath, [vsce, "package", ...targetArgs, "--out", file, "--no-dependencies", "--no-rewrite-relative-links"], dir);
    return file;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  sh(process.execPath, [path.join(ext, "scripts", "build.mjs")], ext);
  const manifest = JSON.parse(fs.readFileSync(path.join(ext, "package.json"), "utf8"));
  const made = [];
  if (opts.universal) {
    made.push(packageOne(manifest, { target: undefined, out: opts.out }));
  } else if (opts.dryRun) {
    for (const target of opts.targets.length > 0 ? opts.targets : Object.keys(TARGETS)) {
      made.push(packageOne(manifest, { target, dryRun: true, out: opts.out }));
    }
  } else if (opts.targets.length === 0) {
    made.push(packageOne(manifest, { target: hostTarget(), binary: hostBinary(), out: opts.out }));
  } else {
    const target = opts.targets[0];
    made.push(packageOne(manifest, { target, binary: opts.binary ?? hostBinary(), out: opts.out }));
  }
  for (const f of made) console.log(f);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main();
}
