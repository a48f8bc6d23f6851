#!/usr/bin/env python3
"""Check the text of a PDF printed from `nianbao render --format docx`
(`pdftotext -layout`) against the report it was rendered from.

  check-docx-pdf.py REPORT.nianbao PDF.txt

Every table row of the report that has numbers must appear, in document
order, as a line ending with exactly its numbers, beside its label: the
label's pieces (a label wraps over several lines in its cell, the numbers
sit on the middle one) joined over the neighbouring lines without numbers
give the label. 表四's three written rows are one line of fifteen numbers.
The merged header labels (申请人情况, 法人或其他组织, 行政复议, 行政诉讼,
未经复议直接起诉, 复议后起诉) and each 表二 caption must appear exactly once,
the title at the top and every section heading as a line of its own.

Prints one line per check; exits 1 when any fails.
"""
import re
import sys

MERGED = ["申请人情况", "法人或其他组织", "行政复议", "行政诉讼", "未经复议直接起诉", "复议后起诉"]
NUMBER = re.compile(r"^[+-]?\d+(?:\.\d+)?$")


def cells(line):
    return [c.strip() for c in line.strip().strip("|").split("|")]


def report(path):
    """(title, headings, captions, tables) of a .nianbao file; a table is
    (header cells, [row cells])."""
    lines = open(path, encoding="utf-8").read().splitlines()
    title, headings, captions, tables = None, [], [], []
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("|"):
            block = []
            while i < len(lines) and lines[i].startswith("|"):
                block.append(cells(lines[i]))
                i += 1
            tables.append((block[0], block[2:]))
            continue
        m = re.match(r"^(#+)\s+(.*?)\s*$", line)
        if m:
            level, text = len(m.group(1)), m.group(2)
            if level == 1:
                title = text
            elif level == 2:
                headings.append(text)
            elif text.startswith("第二十条"):
                captions.append(text)
        i += 1
    return title, headings, captions, tables


def expected_rows(tables):
    """(label, numbers) per table row with numbers, in order; 表四's rows
    as one unlabelled row."""
    out = []
    for header, rows in tables:
        if "结果维持" in header and not any("申请人" in h for h in header):
            values = [v for r in rows for v in r[1:] if v]
            out.append(("", values))
            continue
        for r in rows:
            values = [v for v in r[1:] if v]
            if values:
                out.append((r[0], values))
    return out


def bare(s):
    return re.sub(r"\s+", "", s)


def find_row(lines, start, label, values):
    """Index of the first line at or after `start` that shows the row."""
    n = len(values)
    for i in range(start, len(lines)):
        tokens = lines[i].split()
        if len(tokens) < n or tokens[-n:] != values:
            continue
        if not label:
            if len(tokens) == n:
                return i
            continue
        # The label column is the rightmost piece before the numbers.
        def piece(j):
            t = lines[j].split()
            if j == i:
                t = t[:-n]
            return t[-1] if t else ""

        def numberless(j):
            return not any(NUMBER.match(t) for t in lines[j].split())

        want = bare(label)
        for a in range(i, max(i - 4, -1), -1):
            if a != i and not numberless(a):
                break
            for b in range(i, min(i + 4, len(lines))):
                if b != i and not numberless(b):
                    break
                if "".join(piece(j) for j in range(a, b + 1)) == want:
                    return i
    return None


def main():
    source, text_path = sys.argv[1], sys.argv[2]
    title, headings, captions, tables = report(source)
    text = open(text_path, encoding="utf-8").read().replace("\f", "\n")
    lines = text.splitlines()
    # pdftotext puts a space between Chinese and Latin text ("2021 年度").
    stripped = [bare(l) for l in lines]
    tokens = text.split()
    failures = 0

    def result(ok, what):
        nonlocal failures
        print(("ok   " if ok else "FAIL ") + what)
        failures += 0 if ok else 1

    if title:
        # A long title wraps: it must start the document, over its first lines.
        top = "".join(l for l in stripped if l)[: len(bare(title)) + 2]
        result(top.startswith(bare(title)), f"title at the top: {title}")
    for h in headings:
        result(bare(h) in stripped, f"section heading line: {h}")
    for label in MERGED:
        count = tokens.count(label)
        result(count == 1, f"merged header {label}: {count} time(s)")
    for c in captions:
        count = tokens.count(c)
        result(count == 1, f"表二 caption {c}: {count} time(s)")
    pos = 0
    rows = expected_rows(tables)
    for label, values in rows:
        i = find_row(lines, pos, label, values)
        shown = label or "表四 (one row)"
        if i is None:
            result(False, f"row {shown}: {' '.join(values)} not found after line {pos + 1}")
        else:
            result(True, f"row {shown}: {' '.join(values)} on line {i + 1}")
            pos = i + 1
    result(len(rows) >= 10, f"{len(rows)} table rows with numbers checked")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
