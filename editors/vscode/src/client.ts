// The language client: started on the first .nianbao file, restarted when
// the server crashes (a few times) and on the 重启服务器 command.

import * as vscode from "vscode";
import {
  CloseAction,
  CloseHandlerResult,
  DidChangeConfigurationNotification,
  ErrorAction,
  ErrorHandler,
  ErrorHandlerResult,
  LanguageClient,
  LanguageClientOptions,
  RevealOutputChannelOn,
  ServerOptions,
  State,
  TransportKind,
} from "vscode-languageclient/node";
import { requireServer } from "./server";
import { serverSettings } from "./settings";

/** More crashes than this within the window and the server stays down. */
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 3 * 60 * 1000;

class RestartOnCrash implements ErrorHandler {
  private crashes: number[] = [];

  error(_error: Error, _message: unknown, count: number | undefined): ErrorHandlerResult {
    // A broken message or two is survivable; a stream of them means the
    // connection is gone, and `closed` restarts it.
    return { action: count !== undefined && count <= 3 ? ErrorAction.Continue : ErrorAction.Shutdown };
  }

  closed(): CloseHandlerResult {
    const now = Date.now();
    this.crashes = this.crashes.filter((t) => now - t < RESTART_WINDOW_MS);
    this.crashes.push(now);
    if (this.crashes.length > MAX_RESTARTS) {
      return {
        action: CloseAction.DoNotRestart,
        message:
          `nianbao 语言服务器在 3 分钟内意外退出了 ${MAX_RESTARTS + 1} 次，已停止重启。请查看输出面板“nianbao”中的日志，然后运行“nianbao: 重启服务器”。` +
          ` / The nianbao language server exited ${MAX_RESTARTS + 1} times in 3 minutes and will not be restarted. ` +
          `See the "nianbao" output channel, then run "nianbao: 重启服务器" (restart the server).`,
      };
    }
    return { action: CloseAction.Restart, handled: true };
  }
}

export class Client {
  private client: LanguageClient | undefined;
  private starting: Promise<void> | undefined;
  private readonly output: vscode.LogOutputChannel;

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel("nianbao", { log: true });
    context.subscriptions.push(this.output);
  }

  get running(): LanguageClient | undefined {
    return this.client?.state === State.Running ? this.client : undefined;
  }

  /** Start once; concurrent callers share the same start. */
  start(): Promise<void> {
    if (this.client !== undefined) {
      return Promise.resolve();
    }
    this.starting ??= this.doStart().finally(() => {
      this.starting = undefined;
    });
    return this.starting;
  }

  private async doStart(): Promise<void> {
    const server = await requireServer(this.context);
    if (server === undefined) {
      return;
    }
    this.output.info(`nianbao: ${server.path} (${server.source})`);
    const serverOptions: ServerOptions = {
      command: server.path,
      args: ["lsp"],
      transport: TransportKind.stdio,
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: [{ language: "nianbao" }],
      initializationOptions: serverSettings(),
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      errorHandler: new RestartOnCrash(),
      // The server answers pulls; without these VS Code would pull only
      // when a report is opened, not as it is edited.
      diagnosticPullOptions: { onChange: true, onSave: true },
      markdown: { isTrusted: false, supportHtml: false },
    };
    const client = new LanguageClient("nianbao", "nianbao 年报", serverOptions, clientOptions);
    this.client = client;
    try {
      await client.start();
    } catch (e) {
      this.client = undefined;
      await client.dispose().catch(() => undefined);
      const why = e instanceof Error ? e.message : String(e);
      void vscode.window.showErrorMessage(
        `无法启动 nianbao 语言服务器（${server.path}）：${why} / Could not start the nianbao language server (${server.path}): ${why}`,
      );
    }
  }

  async stop(): Promise<void> {
    await this.starting;
    const client = this.client;
    this.client = undefined;
    if (client !== undefined) {
      // stop() rejects when the server is already gone; dispose regardless.
      await client.stop(2000).catch(() => undefined);
      await client.dispose().catch(() => undefined);
    }
  }

  /** Stop and start again, finding the server anew (its path may have changed). */
  async restart(): Promise<void> {
    await this.stop();
    await this.start();
    if (this.running !== undefined) {
      vscode.window.setStatusBarMessage("nianbao：语言服务器已重启", 3000);
    }
  }

  /** Tell the server about changed `nianbao.rules` / `nianbao.inlayHints`. */
  async sendSettings(): Promise<void> {
    const client = this.running;
    if (client !== undefined) {
      await client.sendNotification(DidChangeConfigurationNotification.type, {
        settings: { nianbao: serverSettings() },
      });
    }
  }
}
