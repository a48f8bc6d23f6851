// 新建年报: `nianbao new --year --agency -o FILE` for the user's answers,
// then the new report opened in the editor.

import * as os from "os";
import * as path from "path";
import * as vscode from "vscode";
import { run } from "./server";

export function validateYear(value: string): string | undefined {
  const v = value.trim();
  if (!/^\d{4}$/.test(v)) {
    return "请输入四位数的年度，如 2024 · Enter a four-digit year, e.g. 2024";
  }
  if (Number(v) < 2019) {
    return "现行年报格式自 2019 年度起适用 · The official formats apply from 2019 on";
  }
  return undefined;
}

export async function newReport(binary: string): Promise<vscode.Uri | undefined> {
  const year = await vscode.window.showInputBox({
    title: "新建年报（1/3）",
    prompt: "报告年度 · Year of the report",
    value: String(new Date().getFullYear() - 1),
    validateInput: validateYear,
    ignoreFocusOut: true,
  });
  if (year === undefined) {
    return undefined;
  }
  const agency = await vscode.window.showInputBox({
    title: "新建年报（2/3）",
    prompt: "机关名称，如 某某区人民政府 · Name of the agency",
    placeHolder: "某某区人民政府",
    validateInput: (v) => (v.trim() === "" ? "请输入机关名称 · Enter the agency's name" : undefined),
    ignoreFocusOut: true,
  });
  if (agency === undefined) {
    return undefined;
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const suggested = `${year.trim()}.nianbao`;
  const target = await vscode.window.showSaveDialog({
    title: "新建年报（3/3）：保存位置 · Where to save",
    defaultUri: folder ? vscode.Uri.joinPath(folder, suggested) : vscode.Uri.file(path.join(os.homedir(), suggested)),
    filters: { 年报: ["nianbao"] },
    saveLabel: "创建 · Create",
  });
  if (target === undefined) {
    return undefined;
  }
  // The save dialog has already asked before replacing an existing file.
  const args = ["new", "--year", year.trim(), "--agency", agency.trim(), "--output", target.fsPath, "--force"];
  const result = await run(binary, args);
  if (result.code !== 0) {
    void vscode.window.showErrorMessage(`nianbao new 失败 · failed: ${result.stderr.trim()}`);
    return undefined;
  }
  if (result.stderr.trim() !== "") {
    void vscode.window.showInformationMessage(result.stderr.trim());
  }
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc);
  return target;
}
