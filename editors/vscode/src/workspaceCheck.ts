// 检查工作区: `nianbao check --format json` over every workspace folder, into
// the Problems panel. Reports open in the editor are left to the language
// server (same checker, live text); the others get the CLI's findings, kept
// fresh as they change on disk or are closed again.

import * as fs from "fs";
import * as vscode from "vscode";
import { applyRuleSettings, editorPath, parseCheckOutput, PlainDiagnostic, Range, toDiagnostics } from "./cliDiagnostics";
import { run } from "./server";
import { serverSettings } from "./settings";

const SEVERITY: Record<PlainDiagnostic["severity"], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function range(r: Range): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

export class WorkspaceCheck implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection("nianbao-workspace");
  private readonly disposables: vscode.Disposable[] = [this.collection];
  private active = false;
  private binary: string | undefined;

  constructor() {
    // An opened report is the server's; a closed one is the CLI's again.
    this.disposables.push(
      vscode.workspace.onDidOpenTextDocument((d) => {
        if (this.isReport(d.uri)) {
          this.collection.delete(d.uri);
        }
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (this.active && this.isReport(d.uri)) {
          void this.checkFile(d.uri);
        }
      }),
    );
    const watcher = vscode.workspace.createFileSystemWatcher("**/*.nianbao");
    this.disposables.push(
      watcher,
      watcher.onDidChange((u) => this.onDisk(u)),
      watcher.onDidCreate((u) => this.onDisk(u)),
      watcher.onDidDelete((u) => this.collection.delete(u)),
    );
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }

  private isReport(uri: vscode.Uri): boolean {
    return uri.scheme === "file" && uri.path.endsWith(".nianbao");
  }

  private isOpen(uri: vscode.Uri): boolean {
    const key = uri.toString();
    return vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
  }

  private onDisk(uri: vscode.Uri): void {
    if (this.active && !this.isOpen(uri)) {
      void this.checkFile(uri);
    }
  }

  /** Check every workspace folder; returns how many reports have findings and the counts per severity. */
  async checkAll(binary: string): Promise<{ files: number; error: number; warning: number; info: number }> {
    this.binary = binary;
    this.active = true;
    const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === "file");
    const found = new Map<string, vscode.Diagnostic[]>();
    const problems: string[] = [];
    for (const folder of folders) {
      const cwd = folder.uri.fsPath;
      const result = await run(binary, ["check", "--format", "json", "--quiet", cwd], cwd);
      if (result.code === 2 && result.stderr.trim() !== "") {
        problems.push(result.stderr.trim());
      }
      let items;
      try {
        items = parseCheckOutput(result.stdout);
      } catch {
        throw new Error(result.stderr.trim() || `nianbao check 退出码 ${result.code}`);
      }
      for (const [file, diags] of this.convert(items, cwd)) {
        found.set(file, diags);
      }
    }
    this.collection.clear();
    const counts = { files: found.size, error: 0, warning: 0, info: 0 };
    for (const [file, diags] of found) {
      const uri = vscode.Uri.file(file);
      for (const d of diags) {
        if (d.severity === vscode.DiagnosticSeverity.Error) counts.error++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) counts.warning++;
        else counts.info++;
      }
      if (!this.isOpen(uri)) {
        this.collection.set(uri, diags);
      }
    }
    if (problems.length > 0) {
      void vscode.window.showWarningMessage(`nianbao：部分文件无法检查 · some files could not be checked\n${problems.join("\n")}`);
    }
    return counts;
  }

  /** After the rule settings changed: the same check again, if it was run. */
  async refresh(): Promise<void> {
    if (this.active && this.binary !== undefined) {
      await this.checkAll(this.binary).catch(() => undefined);
    }
  }

  private async checkFile(uri: vscode.Uri): Promise<void> {
    if (this.binary === undefined) {
      return;
    }
    const file = uri.fsPath;
    if (!fs.existsSync(file)) {
      this.collection.delete(uri);
      return;
    }
    const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
    try {
      const result = await run(this.binary, ["check", "--format", "json", "--quiet", file], folder);
      const cwd = folder ?? process.cwd();
      const diags = this.convert(parseCheckOutput(result.stdout), cwd).get(editorPath(cwd, file)) ?? [];
      if (!this.isOpen(uri)) {
        this.collection.set(uri, diags);
      }
    } catch {
      // Unreadable right now (e.g. mid-write); the next change event retries.
    }
  }

  private convert(items: ReturnType<typeof parseCheckOutput>, cwd: string): Map<string, vscode.Diagnostic[]> {
    const rules = serverSettings().rules;
    const out = new Map<string, vscode.Diagnostic[]>();
    for (const [file, plain] of toDiagnostics(items, cwd, readText)) {
      const uri = vscode.Uri.file(file);
      out.set(
        file,
        applyRuleSettings(file, plain, rules, readText).map((p) => {
          const d = new vscode.Diagnostic(range(p.range), p.message, SEVERITY[p.severity]);
          d.source = "nianbao";
          d.code = p.code;
          d.relatedInformation = p.related.map(
            (r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, range(r.range)), r.message),
          );
          return d;
        }),
      );
    }
    return out;
  }
}
