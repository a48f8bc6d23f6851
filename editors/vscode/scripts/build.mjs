// Bundle the extension (one file, `vscode` external) and the plain-Node
// modules the unit tests load.
import * as esbuild from "esbuild";
import { fileURLToPath } from "url";
import * as path from "path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const common = { bundle: true, platform: "node", format: "cjs", target: "node20", logLevel: "warning", absWorkingDir: root };

await esbuild.build({
  ...common,
  entryPoints: ["src/extension.ts"],
  outfile: "dist/extension.js",
  external: ["vscode"],
  minify: true,
  sourcemap: false,
});
await esbuild.build({
  ...common,
  entryPoints: ["src/findServer.ts", "src/cliDiagnostics.ts"],
  outdir: "out/unit",
});
