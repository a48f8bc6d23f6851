// Finding and running the `nianbao` executable from the extension.

import * as cp from "child_process";
import * as vscode from "vscode";
import { findServer, Found, NotFound, notFoundMessage } from "./findServer";

function locate(context: vscode.ExtensionContext): Found | NotFound {
  return findServer({
    configured: vscode.workspace.getConfiguration("nianbao").get<string>("server.path") ?? "",
    baseDir: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath,
    extensionPath: context.extensionPath,
    envPath: process.env.PATH,
  });
}

/** The server's path, or undefined after telling the user what to do. */
export async function requireServer(context: vscode.ExtensionContext): Promise<Found | undefined> {
  const result = locate(context);
  if (result.found) {
    return result;
  }
  const settings = "打开设置 · Open Settings";
  // Not awaited: the notification stays until the user closes it, and a
  // restart must not wait for that.
  void vscode.window.showErrorMessage(notFoundMessage(result), settings).then((choice) => {
    if (choice === settings) {
      void vscode.commands.executeCommand("workbench.action.openSettings", "nianbao.server.path");
    }
  });
  return undefined;
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI; never rejects for a non-zero exit (1 means "problems found"). */
export function run(binary: string, args: string[], cwd?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    cp.execFile(binary, args, { cwd, maxBuffer: 256 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error && typeof error.code !== "number") {
        reject(error);
        return;
      }
      resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
    });
  });
}
