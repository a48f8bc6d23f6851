// `nianbao check --format json` turned into editor diagnostics, for the
// 检查工作区 command (reports that are not open in the editor). No `vscode`
// import: the unit tests run this in plain Node.

import * as fs from "fs";
import { pathsOf } from "./findServer";

/** One element of `nianbao check --format json` (docs/format.md §5). */
export interface CliItem {
  file: string;
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  severity: "error" | "warning" | "info";
  code: string;
  message: string;
  related?: { line: number; column: number; end_line: number; end_column: number; message: string }[];
}

/** 0-based line, UTF-16 character: what the editor counts. */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export type Severity = "error" | "warning" | "info";

export interface PlainDiagnostic {
  range: Range;
  severity: Severity;
  code: string;
  message: string;
  related: { range: Range; message: string }[];
}

export type RuleSetting = "off" | Severity;

export function parseCheckOutput(stdout: string): CliItem[] {
  const value: unknown = JSON.parse(stdout);
  if (!Array.isArray(value)) {
    throw new Error("nianbao check --format json did not print an array");
  }
  return value as CliItem[];
}

/**
 * The CLI counts columns in characters (Unicode scalar values, 1-based); the
 * editor in UTF-16 code units (0-based). They differ after an emoji or any
 * other character outside the BMP.
 */
export function charColumnToUtf16(lineText: string, column: number): number {
  let chars = 0;
  let units = 0;
  for (const ch of lineText) {
    if (chars >= column - 1) {
      break;
    }
    chars += 1;
    units += ch.length;
  }
  // Past the end of the line (an end column is exclusive): count the rest as
  // single units, as the CLI does.
  return units + Math.max(0, column - 1 - chars);
}

export function splitLines(text: string): string[] {
  return text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
}

function toRange(lines: string[], line: number, column: number, endLine: number, endColumn: number): Range {
  const at = (l: number, c: number): Position => ({ line: l - 1, character: charColumnToUtf16(lines[l - 1] ?? "", c) });
  return { start: at(line, column), end: at(endLine, endColumn) };
}

/**
 * The one spelling of a file's path that the editor uses: absolute, and on Windows with
 * backslashes and a lower-case drive letter, as VS Code's `Uri.fsPath` gives it (the CLI prints
 * paths as it was given them, `C:/…` or `c:\…`).
 */
export function editorPath(cwd: string, file: string, platform: NodeJS.Platform = process.platform): string {
  const p = pathsOf(platform).resolve(cwd, file);
  return platform === "win32" ? p.replace(/^([A-Za-z]):/, (_, d: string) => `${d.toLowerCase()}:`) : p;
}

/**
 * Group the CLI's items by absolute file path (`editorPath`), with editor ranges. `readText`
 * gives a file's text (the CLI read the same bytes a moment ago).
 */
export function toDiagnostics(
  items: CliItem[],
  cwd: string,
  readText: (file: string) => string | undefined,
  platform: NodeJS.Platform = process.platform,
): Map<string, PlainDiagnostic[]> {
  const byFile = new Map<string, PlainDiagnostic[]>();
  const linesOf = new Map<string, string[]>();
  for (const item of items) {
    const file = editorPath(cwd, item.file, platform);
    let lines = linesOf.get(file);
    if (lines === undefined) {
      lines = splitLines(readText(file) ?? "");
      linesOf.set(file, lines);
    }
    const list = byFile.get(file) ?? [];
    list.push({
      range: toRange(lines, item.line, item.column, item.end_line, item.end_column),
      severity: item.severity,
      code: item.code,
      message: item.message,
      related: (item.related ?? []).map((r) => ({
        range: toRange(lines!, r.line, r.column, r.end_line, r.end_column),
        message: r.message,
      })),
    });
    byFile.set(file, list);
  }
  return byFile;
}

/** Whether a `nianbao.toml` text sets a severity for `code` (its `[rules]` table). */
export function tomlSetsRule(toml: string, code: string): boolean {
  let inRules = false;
  for (const raw of splitLines(toml)) {
    const line = raw.replace(/#.*$/, "").trim();
    const table = /^\[\s*([^\]]+?)\s*\]$/.exec(line);
    if (table) {
      inRules = table[1] === "rules";
      continue;
    }
    const key = /^"?(NB\d{3})"?\s*=/.exec(line);
    if (key && key[1] === code && inRules) {
      return true;
    }
    // Dotted keys at the top level: rules.NB402 = "off".
    const dotted = /^rules\s*\.\s*"?(NB\d{3})"?\s*=/.exec(line);
    if (dotted && dotted[1] === code && !inRules) {
      return true;
    }
  }
  return false;
}

/** The `nianbao.toml` that applies to a file: in its folder or the nearest folder above. */
export function findConfig(
  file: string,
  exists: (p: string) => boolean = fs.existsSync,
  platform: NodeJS.Platform = process.platform,
): string | undefined {
  const paths = pathsOf(platform);
  let dir = paths.dirname(file);
  for (;;) {
    const candidate = paths.join(dir, "nianbao.toml");
    if (exists(candidate)) {
      return candidate;
    }
    const parent = paths.dirname(dir);
    if (parent === dir) {
      return undefined;
    }
    dir = parent;
  }
}

/**
 * The editor's `nianbao.rules` below `nianbao.toml`, as the language server
 * applies them: the CLI already honoured the file; a code the file does not
 * set takes the editor's severity (or disappears when "off").
 */
export function applyRuleSettings(
  file: string,
  diags: PlainDiagnostic[],
  rules: Record<string, RuleSetting>,
  readConfig: (file: string) => string | undefined,
  exists: (p: string) => boolean = fs.existsSync,
  platform: NodeJS.Platform = process.platform,
): PlainDiagnostic[] {
  if (Object.keys(rules).length === 0) {
    return diags;
  }
  const configPath = findConfig(file, exists, platform);
  const config = configPath === undefined ? "" : (readConfig(configPath) ?? "");
  const out: PlainDiagnostic[] = [];
  for (const d of diags) {
    const setting = rules[d.code];
    if (setting === undefined || tomlSetsRule(config, d.code)) {
      out.push(d);
    } else if (setting !== "off") {
      out.push({ ...d, severity: setting });
    }
  }
  return out;
}
