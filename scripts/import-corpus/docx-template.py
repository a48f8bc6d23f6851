#!/usr/bin/env python3
"""Form `docx-template`: the official Word template filled in with a report.

    scripts/import-corpus/docx-template.py TEMPLATE.docx SRC.nianbao OUT_DIR
        → OUT_DIR/<slug>.docx

What an officer does: open the official template (政府信息公开工作年度报告格式模板,
tests/fixtures/docx/official-template.docx, with its merged cells), type the
title, the prose of 一、五、六 over the （文字描述） placeholders, and every
number into its cell. Only the text of paragraphs and cells changes; the
template's XML (styles, gridSpan/vMerge, full-width spaces already in cells)
stays byte for byte. Standard library only.

Fails (exit 1, nothing written) when a number of the source has no cell in
the template (a 2019-edition report, a row label the template lacks), so a
written file always holds every number of its source.
"""

import html
import re
import sys
import zipfile
from pathlib import Path


def norm(label):
    """A label as the template and the source may both write it."""
    s = re.sub(r"\s+", "", label)
    s = s.translate(str.maketrans("()，、", "（），、"))
    return re.sub(r"^(\d+)[、．]", r"\1.", s)


def read_source(path):
    title, preamble, prose, rows = None, [], {}, {}
    section = None
    in_front = False
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        t = line.strip()
        if t == "---":
            in_front = not in_front
            continue
        if in_front or not t or t.startswith("<!--"):
            continue
        if t.startswith("# "):
            title = t[2:].strip()
        elif t.startswith("## "):
            section = t[3:].strip()[:1]  # 一 … 六
            prose.setdefault(section, [])
        elif t.startswith("###"):
            continue
        elif t.startswith("|"):
            cells = [c.strip() for c in t.strip("|").split("|")]
            if set(cells[0]) <= set("-: "):
                continue
            rows.setdefault(norm(cells[0]), []).append(cells[1:])
        elif section is None:
            preamble.append(t)
        else:
            prose[section].append(t)
    return title, preamble, prose, rows


T_RE = re.compile(r"<w:t(?: [^>]*)?>(.*?)</w:t>|<w:t(?: [^>]*)?/>", re.S)


def text_of(xml):
    return html.unescape("".join(m.group(1) or "" for m in T_RE.finditer(xml)))


def set_text(p, text):
    """Paragraph XML `p` with its text replaced by `text` (first run kept)."""
    esc = html.escape(text, quote=False)
    first = [True]

    def sub(m):
        if first[0]:
            first[0] = False
            return f'<w:t xml:space="preserve">{esc}</w:t>'
        return "<w:t></w:t>"

    out = T_RE.sub(sub, p)
    if first[0]:  # no run: add one
        out = out[: out.rindex("</w:p>")] + f'<w:r><w:t xml:space="preserve">{esc}</w:t></w:r></w:p>'
    return out


def add_text(tc, text):
    """Type `text` into a cell after what it holds (the template's `　　`)."""
    esc = html.escape(text, quote=False)
    i = tc.index("</w:p>")
    return tc[:i] + f'<w:r><w:t xml:space="preserve">{esc}</w:t></w:r>' + tc[i:]


P_RE = re.compile(r"<w:p[ >].*?</w:p>|<w:p/>", re.S)
TBL_RE = re.compile(r"<w:tbl>.*?</w:tbl>", re.S)
TR_RE = re.compile(r"<w:tr[ >].*?</w:tr>", re.S)
TC_RE = re.compile(r"<w:tc>.*?</w:tc>", re.S)


def fill_table(tbl, rows, used):
    def fill_row(tr):
        cells = TC_RE.findall(tr)
        texts = [text_of(c).strip("\u3000 ") for c in cells]
        blanks = 0
        while blanks < len(cells) and not texts[-1 - blanks] and "vMerge/>" not in cells[-1 - blanks]:
            blanks += 1
        if blanks == 0:
            return tr
        labels = [t for t in texts[: len(cells) - blanks] if t]
        if labels:
            key = norm(labels[-1])
            values = rows.get(key)
            if not values:
                return tr
            vals = values[0]
        else:
            # 表四's one data row of 15 cells under its three header levels.
            keys = [norm("行政复议"), norm("行政诉讼（未经复议直接起诉）"), norm("行政诉讼（复议后起诉）")]
            if blanks != 15 or not all(k in rows for k in keys):
                return tr
            key = "表四"
            vals = [v for k in keys for v in rows[k][0]]
            used.update(keys)
        if len(vals) != blanks:
            sys.exit(f"{key}: {len(vals)} values for {blanks} cells")
        used.add(key)
        first = len(cells) - blanks
        out, pos = [], 0
        for i, m in enumerate(TC_RE.finditer(tr)):
            out.append(tr[pos : m.start()])
            tc = m.group(0)
            v = vals[i - first] if i >= first else ""
            out.append(add_text(tc, v) if v else tc)
            pos = m.end()
        out.append(tr[pos:])
        return "".join(out)

    return TR_RE.sub(lambda m: fill_row(m.group(0)), tbl)


def main():
    template, src, out_dir = sys.argv[1:4]
    title, preamble, prose, rows = read_source(src)
    with zipfile.ZipFile(template) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
        infos = z.infolist()
    doc = parts["word/document.xml"].decode("utf-8")

    used = set()
    doc = TBL_RE.sub(lambda m: fill_table(m.group(0), rows, used), doc)
    missing = [
        k for k, v in rows.items() if k not in used and any(re.search(r"\d", c) for r in v for c in r)
    ]
    if missing:
        sys.exit(f"{src}: rows with numbers the template has no row for: {missing}")

    # Prose: the title, the preamble after it, 一、五、六 over the placeholders.
    section = None
    pieces, pos = [], 0
    tables = [m.span() for m in TBL_RE.finditer(doc)]
    for m in P_RE.finditer(doc):
        if any(a <= m.start() < b for a, b in tables):
            continue
        p = m.group(0)
        t = text_of(p).strip()
        new = p
        if t == "政府信息公开工作年度报告格式模板" and title:
            new = "".join([set_text(p, title)] + [set_text(p, x) for x in preamble])
        elif re.match(r"^[一二三四五六]、", t):
            section = t[0]
        elif t.startswith("（文字描述") and section in prose:
            paras = prose[section] or [""]
            new = "".join(set_text(p, x) for x in paras)
        pieces.append(doc[pos : m.start()])
        pieces.append(new)
        pos = m.end()
    pieces.append(doc[pos:])
    doc = "".join(pieces)

    parts["word/document.xml"] = doc.encode("utf-8")
    out = Path(out_dir) / (Path(src).stem + ".docx")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for i in infos:
            z.writestr(i, parts[i.filename], compress_type=zipfile.ZIP_DEFLATED)


if __name__ == "__main__":
    main()
