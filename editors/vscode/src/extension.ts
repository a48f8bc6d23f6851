// Entry point: the language client, three commands, settings sent to the
// server as they change.

import * as vscode from "vscode";
import { Client } from "./client";
import { newReport } from "./newReport";
import { requireServer } from "./server";
import { WorkspaceCheck } from "./workspaceCheck";

let client: Client | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const c = new Client(context);
  client = c;
  const workspaceCheck = new WorkspaceCheck();
  context.subscriptions.push(workspaceCheck);

  context.subscriptions.push(
    vscode.commands.registerCommand("nianbao.restartServer", () => c.restart()),
    vscode.commands.registerCommand("nianbao.newReport", async () => {
      const server = await requireServer(context);
      return server && newReport(server.path);
    }),
    vscode.commands.registerCommand("nianbao.checkWorkspace", async () => {
      const server = await requireServer(context);
      if (server === undefined) {
        return undefined;
      }
      try {
        const counts = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Window, title: "nianbao：正在检查工作区…" },
          () => workspaceCheck.checkAll(server.path),
        );
        vscode.window.setStatusBarMessage(
          `nianbao：${counts.files} 份报告有问题：${counts.error} 个错误、${counts.warning} 个警告、${counts.info} 个提示`,
          10000,
        );
        await vscode.commands.executeCommand("workbench.actions.view.problems");
        return counts;
      } catch (e) {
        void vscode.window.showErrorMessage(`nianbao：检查工作区失败 · workspace check failed: ${e instanceof Error ? e.message : e}`);
        return undefined;
      }
    }),
    vscode.workspace.onDidChangeConfiguration(async (e) => {
      if (e.affectsConfiguration("nianbao.server.path")) {
        await c.restart();
      } else if (e.affectsConfiguration("nianbao.rules") || e.affectsConfiguration("nianbao.inlayHints")) {
        await c.sendSettings();
        if (e.affectsConfiguration("nianbao.rules")) {
          await workspaceCheck.refresh();
        }
      }
    }),
  );

  await c.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
