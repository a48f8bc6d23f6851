// The `nianbao.*` settings, in the shape the language server reads
// (`initializationOptions` and `workspace/didChangeConfiguration`).

import * as vscode from "vscode";
import type { RuleSetting } from "./cliDiagnostics";

export interface ServerSettings {
  rules: Record<string, RuleSetting>;
  inlayHints: boolean;
}

const SETTINGS: ReadonlySet<string> = new Set(["off", "error", "warning", "info"]);

/**
 * Only well-formed entries are sent: the server drops the whole settings
 * object when one value does not parse, which would silently undo every
 * other override.
 */
export function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration("nianbao");
  const raw = config.get<Record<string, unknown>>("rules") ?? {};
  const rules: Record<string, RuleSetting> = {};
  for (const [code, value] of Object.entries(raw)) {
    const v = typeof value === "string" ? value.toLowerCase() : "";
    if (/^NB\d{3}$/.test(code) && SETTINGS.has(v)) {
      rules[code] = v as RuleSetting;
    }
  }
  return { rules, inlayHints: config.get<boolean>("inlayHints") ?? true };
}
