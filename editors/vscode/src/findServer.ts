// Where the `nianbao` executable is: the `nianbao.server.path` setting, else
// the binary bundled in the .vsix, else `nianbao` on PATH. No `vscode`
// import, so that the unit tests run it in plain Node.

import * as fs from "fs";
import * as os from "os";
import * as path from "path";

export interface FindServerInput {
  /** The `nianbao.server.path` setting ('' when unset). */
  configured: string;
  /** Folder a relative setting is resolved against (the first workspace folder). */
  baseDir?: string;
  extensionPath: string;
  envPath?: string;
  platform?: NodeJS.Platform;
  home?: string;
  isExecutable?: (file: string) => boolean;
}

export type ServerSource = "setting" | "bundled" | "path";

export interface Found {
  found: true;
  path: string;
  source: ServerSource;
}

export interface NotFound {
  found: false;
  /** Set when the setting names a file that cannot be run: then nothing else is tried. */
  configured?: string;
  /** Every place looked at, in order. */
  searched: string[];
}

export function executableName(platform: NodeJS.Platform = process.platform): string {
  return platform === "win32" ? "nianbao.exe" : "nianbao";
}

/**
 * Path rules of `platform`, not of the machine running this code: the unit tests check Windows
 * paths (drive letters, backslashes, `;` in PATH) on Linux.
 */
export function pathsOf(platform: NodeJS.Platform): path.PlatformPath {
  return platform === "win32" ? path.win32 : path.posix;
}

/** The bundled binary's place inside the extension (where scripts/package.mjs puts it). */
export function bundledServerPath(extensionPath: string, platform: NodeJS.Platform = process.platform): string {
  return pathsOf(platform).join(extensionPath, "server", executableName(platform));
}

export function defaultIsExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, process.platform === "win32" ? fs.constants.F_OK : fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function resolveConfigured(configured: string, baseDir: string | undefined, home: string, platform: NodeJS.Platform = process.platform): string {
  const paths = pathsOf(platform);
  // Windows' "Copy as path" wraps the path in double quotes.
  let p = unquote(configured.trim(), platform);
  if (p === "~" || p.startsWith("~/") || p.startsWith("~\\")) {
    p = paths.join(home, p.slice(1));
  }
  if (!paths.isAbsolute(p) && baseDir !== undefined) {
    p = paths.join(baseDir, p);
  }
  return platform === "win32" ? paths.normalize(p) : p;
}

function unquote(p: string, platform: NodeJS.Platform): string {
  return platform === "win32" && p.length >= 2 && p.startsWith('"') && p.endsWith('"') ? p.slice(1, -1) : p;
}

export function findServer(input: FindServerInput): Found | NotFound {
  const platform = input.platform ?? process.platform;
  const isExecutable = input.isExecutable ?? defaultIsExecutable;
  const home = input.home ?? os.homedir();
  if (input.configured.trim() !== "") {
    // An explicit setting that does not work is a mistake to report, not a
    // reason to quietly run some other binary.
    const p = resolveConfigured(input.configured, input.baseDir, home, platform);
    return isExecutable(p) ? { found: true, path: p, source: "setting" } : { found: false, configured: p, searched: [p] };
  }
  const searched: string[] = [];
  const bundled = bundledServerPath(input.extensionPath, platform);
  searched.push(bundled);
  if (isExecutable(bundled)) {
    return { found: true, path: bundled, source: "bundled" };
  }
  const sep = platform === "win32" ? ";" : ":";
  for (const entry of (input.envPath ?? "").split(sep)) {
    // Windows allows quoted PATH entries ("C:\Program Files\nianbao";…).
    const dir = platform === "win32" ? unquote(entry.trim(), platform) : entry;
    if (dir === "") {
      continue;
    }
    const candidate = pathsOf(platform).join(dir, executableName(platform));
    searched.push(candidate);
    if (isExecutable(candidate)) {
      return { found: true, path: candidate, source: "path" };
    }
  }
  return { found: false, searched };
}

/** What the user reads when there is no server: what to do, in Chinese and English. */
export function notFoundMessage(nf: NotFound): string {
  if (nf.configured !== undefined) {
    return (
      `设置 nianbao.server.path 指向的 ${nf.configured} 不存在或无法执行。请改正该设置，或将其清空以使用扩展自带的程序或 PATH 中的 nianbao。` +
      ` / The setting nianbao.server.path points to ${nf.configured}, which does not exist or is not executable. ` +
      `Correct it, or clear it to use the bundled binary or nianbao on PATH.`
    );
  }
  return (
    "找不到 nianbao 语言服务器：本扩展没有自带适合本平台的程序，PATH 中也没有 nianbao。" +
    "请安装 nianbao（在 nianbao 源码目录运行 cargo install --locked --path server），或在设置 nianbao.server.path 中填写 nianbao 可执行文件的路径，然后运行“nianbao: 重启服务器”。" +
    " / The nianbao language server was not found: this extension has no bundled binary for this platform and nianbao is not on PATH. " +
    "Install nianbao (cargo install --locked --path server in a nianbao checkout) or set nianbao.server.path to the nianbao executable, " +
    'then run "nianbao: 重启服务器" (restart the server).'
  );
}
