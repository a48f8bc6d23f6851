//! A written table as a grid of merged cells, in the official layout when
//! the table bound to a template with the template's columns, else as
//! written. The layout comes from the template data: column `group`s become
//! merged header cells, row `group`s and `level`s become rowspans and
//! colspans of the label columns, `corner_note` fills the corner,
//! `transposed` tables turn their rows into header levels of one row.

use crate::analysis::{BoundRow, BoundTable};
use crate::model::{Heading, Table};
use crate::template::TableTemplate;
use crate::text::Span;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The top-left header cell.
    Corner,
    /// A column header (a label or a merged group above labels).
    Head,
    /// A 表二 sub-table caption spanning the whole grid.
    Caption,
    /// A row label.
    Label,
    /// A row group label spanning the rows under it.
    Group,
    /// A value.
    Value,
    /// An empty label cell (beside a group row that carries values).
    Filler,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub kind: Kind,
    pub text: String,
    pub colspan: usize,
    pub rowspan: usize,
    /// The source spans this cell shows: diagnostics on them mark it.
    pub spans: Vec<Span>,
}

impl Cell {
    fn new(kind: Kind, text: impl Into<String>, spans: Vec<Span>) -> Cell {
        Cell {
            kind,
            text: text.into(),
            colspan: 1,
            rowspan: 1,
            spans,
        }
    }
    fn cols(mut self, n: usize) -> Cell {
        self.colspan = n.max(1);
        self
    }
    fn rows(mut self, n: usize) -> Cell {
        self.rowspan = n.max(1);
        self
    }
    /// Whether this cell is a header cell (`<th>`).
    pub fn is_header(&self) -> bool {
        !matches!(self.kind, Kind::Value | Kind::Filler)
    }
}

#[derive(Debug, Clone, Default)]
pub struct Line {
    pub cells: Vec<Cell>,
    /// Source spans of the whole line (a written row): diagnostics on them
    /// mark the line.
    pub spans: Vec<Span>,
    /// Index of the first cell of the line's own row; the cells before it
    /// are group cells that start on this line.
    pub own: usize,
}

#[derive(Debug, Default)]
pub struct Grid {
    /// The template table(s) laid out, e.g. `t3`; empty for a plain table.
    pub templates: Vec<&'static str>,
    /// Header lines (`<thead>`, repeated on every printed page).
    pub head: Vec<Line>,
    pub body: Vec<Line>,
    /// Source spans of the written table(s).
    pub spans: Vec<Span>,
    /// How many columns on the left hold labels (row labels and group
    /// cells), before the value columns; 0 for 表四. Writers that size
    /// columns themselves (DOCX) give these more room.
    pub label_cols: usize,
}

impl Grid {
    /// Number of columns of the grid (from its first line).
    pub fn width(&self) -> usize {
        self.head
            .first()
            .or(self.body.first())
            .map_or(0, |l| l.cells.iter().map(|c| c.colspan).sum())
    }
}

/// The table as written: header row, body rows, padded to equal width.
pub fn plain(t: &Table) -> Grid {
    let width = t
        .rows
        .iter()
        .map(|r| r.cells.len())
        .chain([t.header.cells.len(), 1])
        .max()
        .unwrap_or(1);
    let head_cells = (0..width)
        .map(|i| {
            let kind = if i == 0 { Kind::Corner } else { Kind::Head };
            match t.header.cells.get(i) {
                Some(c) => Cell::new(kind, c.text.as_str(), vec![c.span.clone()]),
                None => Cell::new(kind, "", vec![]),
            }
        })
        .collect();
    let body = t
        .rows
        .iter()
        .map(|r| Line {
            cells: (0..width)
                .map(|i| {
                    let kind = if i == 0 { Kind::Label } else { Kind::Value };
                    match r.cells.get(i) {
                        Some(c) => Cell::new(kind, c.text.as_str(), vec![c.span.clone()]),
                        None => Cell::new(kind, "", vec![]),
                    }
                })
                .collect(),
            spans: vec![r.span.clone()],
            own: 0,
        })
        .collect();
    Grid {
        templates: vec![],
        head: vec![Line {
            cells: head_cells,
            spans: vec![t.header.span.clone()],
            own: 0,
        }],
        body,
        spans: vec![t.span.clone()],
        label_cols: 1,
    }
}

/// For each template column, the index of the header cell holding it —
/// when the written header is exactly the template's columns (in any order)
/// and no row is wider than the header. Otherwise the official layout would
/// have to drop or invent cells, and the table is rendered as written.
pub fn column_cells(bt: &BoundTable) -> Option<(&'static TableTemplate, Vec<usize>)> {
    let tt = bt.template?;
    if bt.columns.len() != tt.columns.len() {
        return None;
    }
    let mut cells: Vec<Option<usize>> = vec![None; tt.columns.len()];
    for (i, c) in bt.columns.iter().enumerate() {
        let slot = cells.get_mut((*c)?)?;
        if slot.is_some() {
            return None;
        }
        *slot = Some(i + 1);
    }
    let width = bt.table.header.cells.len();
    if bt.table.rows.iter().any(|r| r.cells.len() > width) {
        return None;
    }
    Some((tt, cells.into_iter().collect::<Option<Vec<_>>>()?))
}

/// The official layout of one table, or None when it does not apply.
pub fn official(bt: &BoundTable) -> Option<Grid> {
    let (tt, cells) = column_cells(bt)?;
    let mut grid = if tt.transposed {
        transposed(bt, tt, &cells)
    } else {
        let w = label_width(tt);
        Grid {
            templates: vec![],
            head: head_lines(bt, tt, &cells, w, 1),
            body: body_lines(bt, tt, w, 1),
            spans: vec![],
            label_cols: w,
        }
    };
    grid.templates = vec![tt.id.as_str()];
    grid.spans = vec![bt.table.span.clone()];
    Some(grid)
}

/// 表二's sub-tables as one grid (the common published layout): each
/// caption a full-width row, each sub-table's header and rows under it, the
/// value columns of every sub-table spread over the same width (the least
/// common multiple of their column counts).
pub fn captioned(parts: &[(&Heading, &BoundTable)]) -> Option<Grid> {
    let mut laid = Vec::new();
    for (h, bt) in parts {
        let (tt, cells) = column_cells(bt)?;
        laid.push((*h, *bt, tt, cells));
    }
    let units = laid
        .iter()
        .map(|(_, _, tt, _)| tt.columns.len().max(1))
        .fold(1, lcm);
    let mut grid = Grid::default();
    for (h, bt, tt, cells) in laid {
        let w = label_width(tt);
        let per = units / tt.columns.len().max(1);
        grid.body.push(Line {
            cells: vec![Cell::new(Kind::Caption, &h.text, vec![h.span.clone()]).cols(w + units)],
            spans: vec![bt.table.span.clone()],
            own: 0,
        });
        grid.body.extend(head_lines(bt, tt, &cells, w, per));
        grid.body.extend(body_lines(bt, tt, w, per));
        grid.templates.push(tt.id.as_str());
        grid.spans.push(bt.table.span.clone());
        grid.label_cols = grid.label_cols.max(w);
    }
    Some(grid)
}

fn lcm(a: usize, b: usize) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    a / gcd(a, b) * b
}

/// Label columns: one per row level.
fn label_width(tt: &TableTemplate) -> usize {
    tt.rows.iter().map(|r| r.level as usize).max().unwrap_or(0) + 1
}

/// The header lines of a row-wise table: the corner (with the corner note
/// when the template has one, the corner label then heading all value
/// columns), the column groups as merged cells, the column labels as
/// written.
fn head_lines(
    bt: &BoundTable,
    tt: &TableTemplate,
    cells: &[usize],
    w: usize,
    per: usize,
) -> Vec<Line> {
    let header = &bt.table.header;
    let written = |i: usize| {
        let c = &header.cells[cells[i]];
        Cell::new(Kind::Head, c.text.as_str(), vec![c.span.clone()]).cols(per)
    };
    let has_groups = tt.columns.iter().any(|c| c.group.is_some());
    let depth = usize::from(tt.corner_note.is_some()) + usize::from(has_groups) + 1;
    let corner = header.cells.first();
    let corner_span = corner.map(|c| vec![c.span.clone()]).unwrap_or_default();
    let corner_text = corner.map_or("", |c| c.text.as_str());
    let mut lines = vec![Line::default()];
    match &tt.corner_note {
        Some(note) => {
            // The corner label as written when it is the label, else the
            // template's; the written corner text otherwise stays in the
            // corner (a note written there, or a wrong corner NB122 flags).
            let is_label =
                crate::labels::eq_normalized(&crate::labels::normalize(corner_text), &tt.corner);
            let (corner_cell, over) = if is_label {
                (
                    Cell::new(Kind::Corner, note, vec![]),
                    Cell::new(Kind::Head, corner_text, corner_span),
                )
            } else if corner_text.is_empty() {
                (
                    Cell::new(Kind::Corner, note, corner_span),
                    Cell::new(Kind::Head, &tt.corner, vec![]),
                )
            } else {
                (
                    Cell::new(Kind::Corner, corner_text, corner_span),
                    Cell::new(Kind::Head, &tt.corner, vec![]),
                )
            };
            lines[0].cells.push(corner_cell.cols(w).rows(depth));
            lines[0].cells.push(over.cols(per * tt.columns.len()));
            lines.push(Line::default());
        }
        None => lines[0].cells.push(
            Cell::new(Kind::Corner, corner_text, corner_span)
                .cols(w)
                .rows(depth),
        ),
    }
    if has_groups {
        let mut leaves = Line::default();
        let mut i = 0;
        while i < tt.columns.len() {
            match &tt.columns[i].group {
                Some(g) => {
                    let n = tt.columns[i..]
                        .iter()
                        .take_while(|c| c.group.as_ref() == Some(g))
                        .count();
                    lines
                        .last_mut()
                        .expect("a header line")
                        .cells
                        .push(Cell::new(Kind::Head, g, vec![]).cols(per * n));
                    leaves.cells.extend((i..i + n).map(written));
                    i += n;
                }
                None => {
                    let c = written(i).rows(2);
                    lines.last_mut().expect("a header line").cells.push(c);
                    i += 1;
                }
            }
        }
        lines.push(leaves);
    } else {
        let last = lines.last_mut().expect("a header line");
        last.cells.extend((0..tt.columns.len()).map(written));
    }
    lines[0].spans = vec![header.span.clone()];
    lines
}

/// The value cells of a row, in template column order.
fn values(r: &BoundRow, per: usize) -> Vec<Cell> {
    r.values
        .iter()
        .map(|v| match v {
            Some(c) => Cell::new(Kind::Value, c.text, vec![c.span.clone()]).cols(per),
            None => Cell::new(Kind::Value, "", vec![]).cols(per),
        })
        .collect()
}

/// The group rows a template row sits under, outermost first: walking up
/// through the nearest preceding rows of lower level.
fn ancestors(tt: &TableTemplate, row: usize) -> Vec<usize> {
    let mut chain = Vec::new();
    let mut cur = row;
    while let Some(j) = (0..cur)
        .rev()
        .find(|&j| tt.rows[j].level < tt.rows[cur].level)
    {
        if tt.rows[j].group {
            chain.push(j);
        }
        cur = j;
    }
    chain.reverse();
    chain
}

/// A group cell being laid out: placed on the first line under it, its
/// rowspan known when it closes.
struct Open {
    row: usize,
    col: usize,
    cell: Cell,
    at: Option<(usize, usize)>,
    count: usize,
    /// The written group row's own (blank) value cells and line spans, for
    /// a group with nothing under it.
    values: Vec<Cell>,
    spans: Vec<Span>,
}

struct Body {
    w: usize,
    lines: Vec<Line>,
    stack: Vec<Open>,
}

impl Body {
    fn emit(&mut self, own: Vec<Cell>, spans: Vec<Span>) {
        let line = self.lines.len();
        let mut cells = Vec::new();
        for o in &mut self.stack {
            o.count += 1;
            if o.at.is_none() {
                o.at = Some((line, cells.len()));
                cells.push(o.cell.clone());
            }
        }
        let own_start = cells.len();
        cells.extend(own);
        self.lines.push(Line {
            cells,
            spans,
            own: own_start,
        });
    }

    fn pop(&mut self) {
        let Some(o) = self.stack.pop() else { return };
        match o.at {
            Some((l, c)) => self.lines[l].cells[c].rowspan = o.count.max(1),
            None => {
                // Nothing under it: the group row on a line of its own.
                let mut own = vec![o.cell.cols(self.w - o.col)];
                own.extend(o.values);
                self.emit(own, o.spans);
            }
        }
    }

    /// Close the groups that are not in `chain`, open those of `chain` that
    /// are not open (from the template: the report did not write them).
    fn enter(&mut self, tt: &TableTemplate, chain: &[usize], per: usize) {
        while self.stack.last().is_some_and(|o| !chain.contains(&o.row)) {
            self.pop();
        }
        for &g in chain {
            if !self.stack.iter().any(|o| o.row == g) {
                let col = self.stack.len();
                let blank = tt
                    .columns
                    .iter()
                    .map(|_| Cell::new(Kind::Value, "", vec![]).cols(per));
                self.stack.push(Open {
                    row: g,
                    col,
                    cell: Cell::new(Kind::Group, &tt.rows[g].label, vec![]),
                    at: None,
                    count: 0,
                    values: blank.collect(),
                    spans: vec![],
                });
            }
        }
    }
}

/// The body of a row-wise table: written rows in written order; group rows
/// become cells spanning the rows under them.
fn body_lines(bt: &BoundTable, tt: &TableTemplate, w: usize, per: usize) -> Vec<Line> {
    let mut b = Body {
        w,
        lines: Vec::new(),
        stack: Vec::new(),
    };
    for r in &bt.rows {
        let (text, label_spans) = match r.row.cells.first() {
            Some(c) => (c.text.as_str(), vec![c.span.clone()]),
            None => ("", vec![]),
        };
        let spans = vec![r.row.span.clone()];
        match r.template_row {
            Some(t) if tt.rows[t].group => {
                b.enter(tt, &ancestors(tt, t), per);
                let col = b.stack.len();
                let has_values = r.values.iter().flatten().any(|c| !c.text.is_empty());
                b.stack.push(Open {
                    row: t,
                    col,
                    cell: Cell::new(Kind::Group, text, label_spans),
                    at: None,
                    count: 0,
                    values: values(r, per),
                    spans: spans.clone(),
                });
                if has_values {
                    // An agency's subtotal: kept, beside the group label.
                    let mut own = Vec::new();
                    if w > col + 1 {
                        own.push(Cell::new(Kind::Filler, "", vec![]).cols(w - col - 1));
                    }
                    own.extend(values(r, per));
                    b.emit(own, spans);
                    if let Some(o) = b.stack.last_mut() {
                        o.values.clear();
                    }
                }
            }
            Some(t) => {
                b.enter(tt, &ancestors(tt, t), per);
                let col = b.stack.len().min(w - 1);
                let mut own = vec![Cell::new(Kind::Label, text, label_spans).cols(w - col)];
                own.extend(values(r, per));
                b.emit(own, spans);
            }
            None => {
                // A row the template does not have: where it was written.
                let col = b.stack.len().min(w - 1);
                let mut own = vec![Cell::new(Kind::Label, text, label_spans).cols(w - col)];
                own.extend(values(r, per));
                b.emit(own, spans);
            }
        }
    }
    while !b.stack.is_empty() {
        b.pop();
    }
    b.lines
}

/// A transposed table (表四): no label column; each written row is a block
/// of columns under its header path (merged where neighbouring blocks share
/// a prefix; a shorter path's last cell spans down), the column labels
/// repeated under every block, and the values in one row.
fn transposed(bt: &BoundTable, tt: &TableTemplate, cells: &[usize]) -> Grid {
    let n = tt.columns.len();
    // (header path, the written label's span) per block.
    let blocks: Vec<(Vec<&str>, Vec<Span>)> = bt
        .rows
        .iter()
        .map(|r| {
            let label = r.row.cells.first();
            let spans = label.map(|c| vec![c.span.clone()]).unwrap_or_default();
            let path: Vec<&str> = match r.template_row.map(|t| &tt.rows[t]) {
                Some(rt) if !rt.header.is_empty() => rt.header.iter().map(String::as_str).collect(),
                Some(rt) => vec![rt.label.as_str()],
                None => vec![label.map_or("", |c| c.text.as_str())],
            };
            (path, spans)
        })
        .collect();
    let levels = blocks.iter().map(|(p, _)| p.len()).max().unwrap_or(1);
    let mut head: Vec<Line> = (0..=levels).map(|_| Line::default()).collect();
    for k in 0..levels {
        let mut i = 0;
        while i < blocks.len() {
            let (path, spans) = &blocks[i];
            if path.len() <= k {
                i += 1;
                continue;
            }
            let prefix = &path[..=k];
            let last = path.len() == k + 1;
            // Neighbours merge on a shared prefix that is not a block's own
            // last (written) header.
            let run = if last {
                1
            } else {
                blocks[i..]
                    .iter()
                    .take_while(|(p, _)| p.len() > k + 1 && p[..=k] == *prefix)
                    .count()
                    .max(1)
            };
            let spans = if last { spans.clone() } else { vec![] };
            let cell = Cell::new(Kind::Head, path[k], spans)
                .cols(run * n)
                .rows(if last { levels - k } else { 1 });
            head[k].cells.push(cell);
            i += run;
        }
    }
    let header = &bt.table.header;
    for _ in &blocks {
        head[levels].cells.extend(cells.iter().map(|&c| {
            let h = &header.cells[c];
            Cell::new(Kind::Head, h.text.as_str(), vec![h.span.clone()])
        }));
    }
    head[0].spans = vec![header.span.clone()];
    let mut line = Line::default();
    for r in &bt.rows {
        line.cells.extend(values(r, 1));
        line.spans.push(r.row.span.clone());
    }
    Grid {
        templates: vec![],
        head,
        body: vec![line],
        spans: vec![],
        label_cols: 0,
    }
}
