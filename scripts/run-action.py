#!/usr/bin/env python3
"""Run the composite action in action.yml here, as a runner would run its shell steps.

    scripts/run-action.py [--input NAME=VALUE ...] [--workdir DIR]

What it does, step by step: evaluates `if:` and the `${{ }}` expressions of `env:` and `with:`
(inputs with their defaults, github.action_path = this repository, github.action_repository,
runner.temp/os/arch, steps.ID.outputs.NAME, ==, !=, &&, ||, !, always(), success(), failure());
runs each `run:` step with `bash -e -o pipefail` (GitHub's bash) and its env, GITHUB_OUTPUT and
GITHUB_PATH files, RUNNER_OS and RUNNER_ARCH; collects step outputs; puts GITHUB_PATH entries on
PATH for the later steps. A `uses:` step (the SARIF upload) is not run: it is printed with its
evaluated `with:`. Last it prints one JSON line: {"steps": [...], "outputs": {...}} (the action's
outputs), and exits 1 when a step failed, as the action would fail the job.

Not emulated: the runner's own environment (tool cache, GITHUB_TOKEN), expressions other than the
forms above (an unknown one is an error, never a silent empty string).
"""

import argparse
import json
import os
import pathlib
import platform
import re
import shutil
import subprocess
import sys
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parent.parent


def runner_os_arch():
    system = {"Linux": "Linux", "Darwin": "macOS", "Windows": "Windows"}[platform.system()]
    arch = {"x86_64": "X64", "AMD64": "X64", "aarch64": "ARM64", "arm64": "ARM64"}[platform.machine()]
    return system, arch


class Context:
    def __init__(self, inputs, temp):
        self.inputs = inputs
        self.temp = temp
        self.os, self.arch = runner_os_arch()
        self.steps = {}  # id -> {"outputs": {}, "outcome": "success"|"failure"}
        self.failed = False

    def lookup(self, ref):
        parts = ref.split(".")
        if parts[0] == "inputs" and len(parts) == 2:
            if parts[1] not in self.inputs:
                raise SystemExit(f"run-action: no input {parts[1]!r}")
            return self.inputs[parts[1]]
        if ref == "github.action_path":
            return str(ROOT)
        if ref == "github.action_repository":
            return os.environ.get("GITHUB_ACTION_REPOSITORY", "local/nianbao")
        if ref == "runner.temp":
            return self.temp
        if ref == "runner.os":
            return self.os
        if ref == "runner.arch":
            return self.arch
        if parts[0] == "steps" and len(parts) == 4 and parts[2] == "outputs":
            return self.steps.get(parts[1], {}).get("outputs", {}).get(parts[3], "")
        if parts[0] == "steps" and len(parts) == 3 and parts[2] in ("outcome", "conclusion"):
            return self.steps.get(parts[1], {}).get("outcome", "")
        raise SystemExit(f"run-action: unsupported expression context {ref!r}")

    TOKEN = re.compile(r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<op>==|!=|&&|\|\||!|\(|\))|(?P<call>always|success|failure)\(\)|(?P<ref>[A-Za-z_][\w.-]*))")

    def evaluate(self, expr):
        """The value of one expression (the text inside ${{ }} or an if:)."""
        out = []
        pos = 0
        expr = expr.strip()
        while pos < len(expr):
            m = self.TOKEN.match(expr, pos)
            if not m or m.end() == pos:
                raise SystemExit(f"run-action: cannot read expression {expr!r} at {expr[pos:]!r}")
            pos = m.end()
            if m["str"] is not None:
                out.append(repr(m["str"][1:-1].replace("''", "'")))
            elif m["op"] is not None:
                out.append({"&&": " and ", "||": " or ", "!": " not "}.get(m["op"], m["op"]))
            elif m["call"] is not None:
                out.append({"always": "True", "success": repr(not self.failed), "failure": repr(self.failed)}[m["call"]])
            elif m["ref"] in ("true", "false"):
                out.append(m["ref"] == "true" and "True" or "False")
            else:
                out.append(repr(self.lookup(m["ref"])))
        return eval("".join(out), {"__builtins__": {}}, {})  # only literals and operators remain

    def substitute(self, text):
        def one(m):
            value = self.evaluate(m.group(1))
            if isinstance(value, bool):
                return "true" if value else "false"
            return str(value)

        return re.sub(r"\$\{\{(.*?)\}\}", one, str(text))

    def condition(self, step):
        cond = step.get("if")
        if cond is None:
            return not self.failed
        cond = str(cond).strip()
        if cond.startswith("${{") and cond.endswith("}}"):
            cond = cond[3:-2]
        uses_status = re.search(r"\b(always|success|failure)\(\)", cond)
        value = bool(self.evaluate(cond))
        # GitHub adds success() to a condition that names no status function.
        return value if uses_status else value and not self.failed


def read_kv(path):
    out = {}
    text = pathlib.Path(path).read_text(encoding="utf-8")
    for line in text.splitlines():
        if "=" in line:
            k, v = line.split("=", 1)
            out[k] = v
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--input", action="append", default=[], metavar="NAME=VALUE")
    ap.add_argument("--workdir", default=".")
    args = ap.parse_args()

    action = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite", "only composite actions"
    inputs = {name: str(spec.get("default", "")) for name, spec in action.get("inputs", {}).items()}
    for item in args.input:
        name, _, value = item.partition("=")
        if name not in inputs:
            raise SystemExit(f"run-action: action.yml has no input {name!r}")
        inputs[name] = value

    temp = tempfile.mkdtemp(prefix="nianbao-action-")
    ctx = Context(inputs, temp)
    path_prefix = []
    report = []
    for i, step in enumerate(action["runs"]["steps"]):
        sid = step.get("id", f"step{i}")
        name = step.get("name", sid)
        if not ctx.condition(step):
            print(f"::group::{name} (skipped: if)", flush=True)
            report.append({"name": name, "skipped": True})
            ctx.steps[sid] = {"outputs": {}, "outcome": "skipped"}
            continue
        if "uses" in step:
            with_ = {k: ctx.substitute(v) for k, v in (step.get("with") or {}).items()}
            print(f"::group::{name} (not run here: uses {step['uses']} with {with_})", flush=True)
            report.append({"name": name, "uses": step["uses"], "with": with_})
            ctx.steps[sid] = {"outputs": {}, "outcome": "success"}
            continue
        assert step.get("shell") == "bash", f"{name}: the action's run steps are bash"
        print(f"::group::{name}", flush=True)
        out_file = os.path.join(temp, f"output-{i}")
        path_file = os.path.join(temp, f"path-{i}")
        for f in (out_file, path_file):
            open(f, "w").close()
        env = dict(os.environ)
        env["PATH"] = os.pathsep.join(path_prefix + [env.get("PATH", "")])
        env.update({"GITHUB_OUTPUT": out_file, "GITHUB_PATH": path_file, "RUNNER_OS": ctx.os, "RUNNER_ARCH": ctx.arch, "RUNNER_TEMP": temp})
        for k, v in (step.get("env") or {}).items():
            env[k] = ctx.substitute(v)
        script = os.path.join(temp, f"step-{i}.sh")
        pathlib.Path(script).write_text(step["run"], encoding="utf-8")
        code = subprocess.call(["bash", "--noprofile", "--norc", "-e", "-o", "pipefail", script], env=env, cwd=args.workdir)
        outputs = read_kv(out_file)
        path_prefix = [p for p in pathlib.Path(path_file).read_text().splitlines() if p] + path_prefix
        outcome = "success" if code == 0 else "failure"
        ctx.steps[sid] = {"outputs": outputs, "outcome": outcome}
        ctx.failed = ctx.failed or code != 0
        report.append({"name": name, "exit": code, "outputs": outputs})
        print(f"::endgroup:: {name}: exit {code}", flush=True)

    outputs = {k: ctx.substitute(v.get("value", "")) for k, v in action.get("outputs", {}).items()}
    print(json.dumps({"steps": report, "outputs": outputs}, ensure_ascii=False))
    shutil.rmtree(temp, ignore_errors=True)
    return 1 if ctx.failed else 0


if __name__ == "__main__":
    sys.exit(main())
