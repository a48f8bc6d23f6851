"""Checks editors/helix without Helix (it cannot be installed here):

- languages.toml is valid TOML, uses only keys Helix documents, and wires
  the language, the language server and the grammar together;
- every capture in the queries is a Helix theme scope (a Neovim name such
  as @number or @property would silently not be highlighted in Helix);
- the queries compile against the grammar, built the way Helix builds a
  `path` grammar (cc on src/parser.c and src/scanner.c), and capture a
  heading, a row label, a number, a front-matter key and a comment in the
  example reports (`tree-sitter query`).

Usage: python3 check.py REPO_ROOT TREE_SITTER_BIN
"""

import glob
import os
import re
import subprocess
import sys
import tempfile
import tomllib

root, tree_sitter = sys.argv[1], sys.argv[2]
helix = os.path.join(root, "editors", "helix")
queries = os.path.join(helix, "queries", "nianbao")
failures = []


def check(name, fn):
    try:
        fn()
        print(f"  ok    {name}")
    except AssertionError as e:
        failures.append(name)
        print(f"  FAIL  {name}\n        {str(e).replace(chr(10), chr(10) + '        ')}")


# Keys from https://docs.helix-editor.com/languages.html.
LANGUAGE_KEYS = {
    "name", "language-id", "scope", "injection-regex", "file-types", "shebangs", "roots",
    "auto-format", "diagnostic-severity", "comment-token", "comment-tokens",
    "block-comment-tokens", "indent", "language-servers", "grammar", "formatter", "soft-wrap",
    "text-width", "rulers", "path-completion", "word-completion", "workspace-lsp-roots",
    "persistent-diagnostic-sources",
}
SERVER_KEYS = {"command", "args", "config", "timeout", "environment", "required-root-patterns"}
# The server's settings (server/src/lsp/server.rs, `Settings`).
SERVER_SETTINGS = {"rules", "inlayHints"}

# Helix's syntax scopes (https://docs.helix-editor.com/themes.html#scopes).
SCOPES = """
attribute
type.builtin type.parameter type.enum.variant
constructor
constant.builtin.boolean constant.character.escape constant.numeric.integer constant.numeric.float
string.regexp string.special.path string.special.url string.special.symbol
comment.line.documentation comment.block.documentation comment.unused
variable.builtin variable.parameter variable.other.member.private
label
punctuation.delimiter punctuation.bracket punctuation.special
keyword.control.conditional keyword.control.repeat keyword.control.import keyword.control.return
keyword.control.exception keyword.operator keyword.directive keyword.function
keyword.storage.type keyword.storage.modifier
operator
function.builtin function.method.private function.macro function.special
tag.builtin
namespace
special
markup.heading.marker markup.heading.1 markup.heading.2 markup.heading.3 markup.heading.4
markup.heading.5 markup.heading.6
markup.list.unnumbered markup.list.numbered markup.list.checked markup.list.unchecked
markup.bold markup.italic markup.strikethrough markup.link.url markup.link.label markup.link.text
markup.quote markup.raw.inline markup.raw.block
diff.plus.gutter diff.minus.gutter diff.delta.moved diff.delta.conflict diff.delta.gutter
""".split()
# Every prefix of a listed scope is a scope too (`markup.heading`, `comment`).
HELIX_SCOPES = {".".join(s.split(".")[:i]) for s in SCOPES for i in range(1, s.count(".") + 2)}


def load_config():
    with open(os.path.join(helix, "languages.toml"), "rb") as f:
        return tomllib.load(f)


def languages_toml():
    config = load_config()
    langs = [l for l in config.get("language", []) if l.get("name") == "nianbao"]
    assert len(langs) == 1, f"want one [[language]] named nianbao, found {len(langs)}"
    lang = langs[0]
    unknown = set(lang) - LANGUAGE_KEYS
    assert not unknown, f"[[language]] keys Helix does not know: {sorted(unknown)}"
    assert "nianbao" in lang.get("file-types", []), "file-types must contain nianbao"
    assert lang.get("scope", "").endswith(".nianbao"), f"scope: {lang.get('scope')}"
    assert "nianbao.toml" in lang.get("roots", []), "roots must contain nianbao.toml"
    tokens = lang.get("block-comment-tokens", {})
    assert tokens == {"start": "<!--", "end": "-->"}, f"block-comment-tokens: {tokens}"

    servers = config.get("language-server", {})
    names = [s if isinstance(s, str) else s.get("name") for s in lang.get("language-servers", [])]
    assert names, "language-servers is empty"
    for name in names:
        assert name in servers, f"language server {name} is used but not defined"
    server = servers["nianbao"]
    unknown = set(server) - SERVER_KEYS
    assert not unknown, f"[language-server.nianbao] keys Helix does not know: {sorted(unknown)}"
    assert server.get("command") == "nianbao" and server.get("args") == ["lsp"], (
        f"the server must be `nianbao lsp`, is {server.get('command')} {server.get('args')}"
    )
    settings = server.get("config", {})
    assert set(settings) <= SERVER_SETTINGS, f"config keys the server ignores: {set(settings) - SERVER_SETTINGS}"
    assert isinstance(settings.get("inlayHints", True), bool), "inlayHints must be a boolean"

    grammar_name = lang.get("grammar", lang["name"])
    grammars = [g for g in config.get("grammar", []) if g.get("name") == grammar_name]
    assert len(grammars) == 1, f"want one [[grammar]] named {grammar_name}"
    source = grammars[0].get("source", {})
    assert set(source) == {"path"} or {"git", "rev"} <= set(source), f"grammar source: {source}"


def scopes():
    bad = []
    for path in sorted(glob.glob(os.path.join(queries, "*.scm"))):
        text = re.sub(r";.*", "", open(path, encoding="utf-8").read())
        text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', text)
        for name in re.findall(r"@([\w.]+)", text):
            if name.startswith("_") or name.startswith("injection."):
                continue
            if os.path.basename(path) == "highlights.scm" and name not in HELIX_SCOPES:
                bad.append(f"{os.path.basename(path)}: @{name}")
    assert not bad, "captures that are not Helix scopes: " + ", ".join(bad)


def build_parser(tmp):
    """The grammar built as `hx --grammar build` builds a `path` grammar."""
    src = os.path.join(root, "grammar", "src")
    lib = os.path.join(tmp, "nianbao.so")
    cc = os.environ.get("CC", "cc")
    subprocess.run(
        [cc, "-shared", "-fPIC", "-O2", "-I", src, os.path.join(src, "parser.c"),
         os.path.join(src, "scanner.c"), "-o", lib],
        check=True,
    )
    return lib


CAPTURE = re.compile(r"capture: (?:\d+ - )?([\w.]+), start: \((\d+), (\d+)\), end: \((\d+), (\d+)\)(?:, text: `(.*)`)?")


def run_query(lib, query, files):
    out = subprocess.run(
        [tree_sitter, "query", "--lib-path", lib, "--lang-name", "nianbao", query, *files],
        capture_output=True, text=True, env={**os.environ, "RUST_BACKTRACE": "0"},
    )
    error = out.stderr.split("Stack backtrace")[0].strip()
    assert out.returncode == 0, f"tree-sitter query {os.path.basename(query)} failed:\n{error}"
    return [(m.group(1), m.group(6) or "") for m in CAPTURE.finditer(out.stdout)]


def expected_texts(example):
    """What a reader sees as a heading, a row label and a number in the example."""
    lines = open(example, encoding="utf-8").read().splitlines()
    heading = next(l[3:].strip() for l in lines if l.startswith("## "))
    delimiter = re.compile(r"^\|\s*:?-")
    # Table rows below a header: not a delimiter row, not above one.
    rows = [
        [c.strip() for c in line.strip().strip("|").split("|")]
        for i, line in enumerate(lines)
        if line.startswith("|")
        and not delimiter.match(line)
        and not (i + 1 < len(lines) and delimiter.match(lines[i + 1]))
    ]
    assert rows, f"no table rows in {example}"
    label = rows[0][0]
    number = next(c for r in rows for c in r[1:] if re.fullmatch(r"[0-9]+", c) and c != "0")
    key = next(l.split(":")[0].strip() for l in lines[1:] if ":" in l)
    return {
        "markup.heading.2": heading,
        "label": label,
        "constant.numeric": number,
        "variable.other.member": key,
    }


def queries_against_grammar():
    examples = sorted(glob.glob(os.path.join(root, "examples", "*.nianbao")))
    assert examples, "no examples/*.nianbao"
    with tempfile.TemporaryDirectory() as tmp:
        lib = build_parser(tmp)
        highlights = os.path.join(queries, "highlights.scm")
        for example in examples:
            captures = run_query(lib, highlights, [example])
            assert captures, f"highlights.scm captures nothing in {example}"
            for scope, text in expected_texts(example).items():
                assert (scope, text) in captures, (
                    f"{os.path.basename(example)}: `{text}` is not captured as @{scope}; "
                    f"@{scope} captures: {sorted({t for s, t in captures if s == scope})[:8]}"
                )
            assert any(s == "comment.block" for s, _ in captures), "no comment captured"
        injections = os.path.join(queries, "injections.scm")
        captures = run_query(lib, injections, examples)
        assert any(s == "injection.content" for s, _ in captures), "injections.scm captures no comment"


check("languages.toml is valid and wires language, server and grammar", languages_toml)
check("every highlight capture is a Helix scope", scopes)
check("the queries compile against the grammar and capture the example", queries_against_grammar)
if failures:
    print(f"{len(failures)} checks failed")
    sys.exit(1)
print("all checks passed")
