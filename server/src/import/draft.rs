//! The intermediate draft every front-end produces and [`super::emit`]
//! consumes: text blocks (headings and prose, not yet told apart) and
//! tables as rectangular grids after span resolution, each piece with where
//! it came from.

use crate::value::Value;
use std::fmt;

/// Where a piece of the input came from, for messages. Text inputs know the
/// line; HTML knows only the element (`表格2 第5行 第3格`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Loc {
    /// 1-based line in the input, when known.
    pub line: Option<usize>,
    /// A description of the place (table, row, cell), possibly empty.
    pub place: String,
}

impl Loc {
    pub fn line(line: usize) -> Loc {
        Loc {
            line: Some(line),
            place: String::new(),
        }
    }

    pub fn place(place: impl Into<String>) -> Loc {
        Loc {
            line: None,
            place: place.into(),
        }
    }

    /// The same place, more precisely: `表格2` + `第3行` → `表格2 第3行`.
    pub fn sub(&self, what: impl fmt::Display) -> Loc {
        let place = if self.place.is_empty() {
            what.to_string()
        } else {
            format!("{} {what}", self.place)
        };
        Loc {
            line: self.line,
            place,
        }
    }
}

impl fmt::Display for Loc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, self.place.is_empty()) {
            (Some(l), true) => write!(f, "第{l}行"),
            (Some(l), false) => write!(f, "第{l}行（{}）", self.place),
            (None, false) => f.write_str(&self.place),
            (None, true) => f.write_str("位置不明"),
        }
    }
}

/// A report as read from the input, before it is matched to the template.
#[derive(Debug, Default)]
pub struct Draft {
    pub blocks: Vec<Block>,
    /// The report title from page metadata outside the body (`<h1>`,
    /// `<title>`), used when the body has none.
    pub title: Option<String>,
    /// What the front-end read but could not place (see [`super::Unplaced`]).
    pub unplaced: Vec<super::Unplaced>,
    /// What the front-end wants the user to know (skipped page chrome …).
    pub notes: Vec<String>,
}

#[derive(Debug)]
pub enum Block {
    /// One paragraph or line of text: a title, a section heading or prose.
    /// [`super::emit`] decides which, with the template; `heading` is a hint
    /// from markup (`<h1>` … `<h6>` → 1 … 6).
    Text {
        text: String,
        loc: Loc,
        heading: Option<u8>,
    },
    /// A table. A front-end splits a grid where a full-width caption row
    /// (`第二十条第（一）项`) stands and emits the caption as a `Text` block.
    Table(Grid),
}

/// A table after span resolution: every row has the same number of cells,
/// and a cell covered by a `rowspan`/`colspan` holds a copy of the text with
/// `origin` pointing at the cell that spans it.
#[derive(Debug, Clone, Default)]
pub struct Grid {
    pub rows: Vec<Vec<Cell>>,
    pub loc: Loc,
}

#[derive(Debug, Clone)]
pub struct Cell {
    pub text: String,
    pub loc: Loc,
    /// `None` for a cell written at this position; `Some((row, col))` for a
    /// position covered by the cell written at `(row, col)`.
    pub origin: Option<(usize, usize)>,
}

impl Cell {
    pub fn own(text: impl Into<String>, loc: Loc) -> Cell {
        Cell {
            text: text.into(),
            loc,
            origin: None,
        }
    }
}

/// A cell as written in markup: text and spans (HTML `<td>`).
#[derive(Debug, Clone)]
pub struct SpannedCell {
    pub text: String,
    pub loc: Loc,
    pub rowspan: usize,
    pub colspan: usize,
}

/// The most rows or columns a span may cover: a malformed `rowspan="99999"`
/// must not allocate a huge grid.
const MAX_SPAN: usize = 1000;

/// The most positions a table's spans may expand to (a report table has a
/// few hundred); past it spans are not expanded at all.
pub const MAX_SPANNED_CELLS: usize = 1_000_000;

impl Grid {
    pub fn width(&self) -> usize {
        self.rows.first().map_or(0, Vec::len)
    }

    /// The cell at `(r, c)` that holds the text: itself or its origin.
    pub fn source(&self, r: usize, c: usize) -> (usize, usize) {
        self.rows[r][c].origin.unwrap_or((r, c))
    }

    /// Resolve `rowspan`/`colspan` as an HTML table does: each cell takes
    /// the first free position of its row, covered positions hold copies.
    /// Ragged rows are padded with empty cells (which are not in the input,
    /// so they are never reported as blank cells of the source).
    pub fn from_spanned(rows: Vec<Vec<SpannedCell>>, loc: Loc) -> Grid {
        let n_rows = rows.len();
        let expand = !Self::too_many_spanned(&rows);
        let mut grid: Vec<Vec<Option<Cell>>> = Vec::new();
        for (r, row) in rows.into_iter().enumerate() {
            if grid.len() <= r {
                grid.resize_with(r + 1, Vec::new);
            }
            let mut c = 0;
            for cell in row {
                while grid[r].get(c).is_some_and(Option::is_some) {
                    c += 1;
                }
                // A rowspan ends with the table, as in a browser.
                let (rs, cs) = if expand {
                    (
                        cell.rowspan.clamp(1, MAX_SPAN).min(n_rows - r),
                        cell.colspan.clamp(1, MAX_SPAN),
                    )
                } else {
                    (1, 1)
                };
                if grid.len() < r + rs {
                    grid.resize_with(r + rs, Vec::new);
                }
                for dr in 0..rs {
                    let line = &mut grid[r + dr];
                    if line.len() < c + cs {
                        line.resize_with(c + cs, || None);
                    }
                    for dc in 0..cs {
                        let origin = (dr, dc) != (0, 0);
                        line[c + dc] = Some(Cell {
                            text: cell.text.clone(),
                            loc: cell.loc.clone(),
                            origin: origin.then_some((r, c)),
                        });
                    }
                }
                c += cs;
            }
        }
        // A rowspan reaching past the last <tr> adds rows of copies only: drop them.
        while grid
            .last()
            .is_some_and(|row| row.iter().flatten().all(|c| c.origin.is_some()))
        {
            grid.pop();
        }
        let width = grid.iter().map(Vec::len).max().unwrap_or(0);
        let rows = grid
            .into_iter()
            .map(|row| {
                let mut row: Vec<Cell> = row
                    .into_iter()
                    .map(|c| c.unwrap_or_else(|| Cell::own("", Loc::default())))
                    .collect();
                row.resize_with(width, || Cell::own("", Loc::default()));
                row
            })
            .collect();
        Grid { rows, loc }
    }

    /// Whether the spans of a table would expand past [`MAX_SPANNED_CELLS`].
    pub fn too_many_spanned(rows: &[Vec<SpannedCell>]) -> bool {
        let n = rows.len();
        let mut total = 0usize;
        for (r, row) in rows.iter().enumerate() {
            for c in row {
                let rs = c.rowspan.clamp(1, MAX_SPAN).min(n - r);
                total = total.saturating_add(rs * c.colspan.clamp(1, MAX_SPAN));
            }
        }
        total > MAX_SPANNED_CELLS
    }

    /// Resolve a table whose spans were lost (text copied from a page: one
    /// entry per written cell, an empty entry where a `rowspan` from above
    /// covers the position). See [`spanless`] for the inference.
    pub fn from_spanless(rows: Vec<Vec<(String, Loc)>>, loc: Loc) -> Grid {
        spanless::resolve(rows, loc)
    }
}

/// Whether a cell's text is a number (as the checker reads numbers).
pub fn is_number(text: &str) -> bool {
    matches!(Value::parse(text), Value::Number(_))
}

/// Whether a cell reads as a value cell: a number or a placeholder.
pub fn is_value(text: &str) -> bool {
    matches!(Value::parse(text), Value::Number(_) | Value::Placeholder)
}

mod spanless {
    //! Span inference for tables copied as text. Each written cell is one
    //! entry; a position covered by a `rowspan` from above appears as an
    //! empty entry; a `colspan` cell appears once.
    //!
    //! Data rows (those with values) are right-aligned: their last `W`
    //! entries are the value columns, the entries before are label cells,
    //! an empty label entry is a copy of the label above it, and the last
    //! label of a short row spans the remaining label columns.
    //!
    //! Header rows (those before the first data row) lose their first entry
    //! to the corner when the table has a label column. The remaining
    //! entries are aligned bottom-up: in the lowest header row each empty
    //! entry is a position covered from above and each run of written
    //! entries sits under one cell of the row above; runs are split evenly
    //! or merged when the counts say so. When that fails the header is kept
    //! flat (lowest row only) and the columns are still right.

    use super::{is_number, is_value, mode, Cell, Grid, Loc, Tie};

    /// A column group of the header being built bottom-up: the grid columns
    /// it covers, whether its top is still open (covered from above), and
    /// its depth (how many header rows it has absorbed).
    #[derive(Clone, Debug)]
    struct Unit {
        cols: std::ops::Range<usize>,
        open: bool,
        depth: usize,
    }

    pub(super) fn resolve(rows: Vec<Vec<(String, Loc)>>, loc: Loc) -> Grid {
        let rows: Vec<Vec<(String, Loc)>> = rows.into_iter().filter(|r| !r.is_empty()).collect();
        let first_data = rows
            .iter()
            .position(|r| r.iter().any(|(t, _)| is_number(t)))
            .unwrap_or(rows.len());
        let (header, data) = rows.split_at(first_data);
        // Value width: the most common run of trailing value (or empty) entries.
        // On a tie the wider: a row with a blank value cell is no shorter.
        let w = mode(
            data.iter().map(|r| {
                r.iter()
                    .rev()
                    .take_while(|(t, _)| is_value(t) || t.trim().is_empty())
                    .count()
            }),
            Tie::Larger,
        )
        .unwrap_or(0);
        let lw = data
            .iter()
            .map(|r| r.len().saturating_sub(w))
            .max()
            .unwrap_or(0);
        let width = lw + w;
        let mut out: Vec<Vec<Cell>> = Vec::new();

        if !header.is_empty() {
            let mut hdr: Vec<Vec<Option<Cell>>> = vec![vec![None; width]; header.len()];
            // The corner: the first entry of each header row when the table
            // has a label column; an empty entry is the corner above.
            let skip = usize::from(lw > 0);
            if lw > 0 {
                let mut corner = (0usize, 0usize);
                for (hr, r) in header.iter().enumerate() {
                    let (t, l) = &r[0];
                    let new = hr == 0 || !t.trim().is_empty();
                    if new {
                        corner = (hr, 0);
                    }
                    let text = &header[corner.0][0].0;
                    for (c, slot) in hdr[hr].iter_mut().take(lw).enumerate() {
                        *slot = Some(if new && c == 0 {
                            Cell::own(t.clone(), l.clone())
                        } else {
                            Cell {
                                text: text.clone(),
                                loc: l.clone(),
                                origin: Some(corner),
                            }
                        });
                    }
                }
            }
            let values: Vec<Vec<&(String, Loc)>> = header
                .iter()
                .map(|r| r.iter().skip(skip).collect())
                .collect();
            if !align_header(&values, w, lw, &mut hdr) {
                // Flat: the lowest header row alone, padded or cut to W.
                let last = header.len() - 1;
                for (hr, row) in hdr.iter_mut().enumerate() {
                    for c in 0..w {
                        let (t, l) = match values[hr].get(c) {
                            Some((t, l)) if hr == last => (t.clone(), l.clone()),
                            _ => (String::new(), Loc::default()),
                        };
                        row[lw + c] = Some(Cell::own(t, l));
                    }
                }
            }
            for row in hdr {
                out.push(
                    row.into_iter()
                        .map(|c| c.unwrap_or_else(|| Cell::own("", Loc::default())))
                        .collect(),
                );
            }
        }

        for r in data {
            let ri = out.len();
            let n_labels = r.len().saturating_sub(w);
            let (labels, vals) = r.split_at(n_labels);
            let pad = lw.saturating_sub(n_labels);
            let mut row: Vec<Cell> = Vec::with_capacity(width);
            for (i, (t, l)) in labels.iter().enumerate() {
                let c = row.len();
                let last = i + 1 == labels.len();
                if t.trim().is_empty() && !last && ri > 0 {
                    // Covered by the label above (a rowspan).
                    let above = &out[ri - 1][c];
                    row.push(Cell {
                        text: above.text.clone(),
                        loc: l.clone(),
                        origin: Some(above.origin.unwrap_or((ri - 1, c))),
                    });
                } else {
                    row.push(Cell::own(t.clone(), l.clone()));
                }
                if last {
                    // The row's own label spans the label columns left.
                    for _ in 0..pad {
                        row.push(Cell {
                            text: t.clone(),
                            loc: l.clone(),
                            origin: Some((ri, c)),
                        });
                    }
                }
            }
            while row.len() < lw {
                row.push(Cell::own("", Loc::default()));
            }
            for (t, l) in vals {
                row.push(Cell::own(t.clone(), l.clone()));
            }
            // A row shorter than the value columns (a truncated copy).
            while row.len() < width {
                row.push(Cell::own("", Loc::default()));
            }
            out.push(row);
        }
        Grid { rows: out, loc }
    }

    /// Fill the value part of the header bottom-up; false when the entries
    /// cannot be aligned to `w` columns.
    fn align_header(
        values: &[Vec<&(String, Loc)>],
        w: usize,
        lw: usize,
        hdr: &mut [Vec<Option<Cell>>],
    ) -> bool {
        let Some(last) = values.len().checked_sub(1) else {
            return true;
        };
        if values[last].len() != w {
            return false;
        }
        // The lowest row: one unit per entry.
        let mut units: Vec<Unit> = Vec::new();
        for (c, (t, l)) in values[last].iter().enumerate() {
            let open = t.trim().is_empty();
            hdr[last][lw + c] = Some(Cell::own(t.clone(), l.clone()));
            units.push(Unit {
                cols: c..c + 1,
                open,
                depth: usize::from(!open),
            });
        }
        for hr in (0..last).rev() {
            let above = &values[hr];
            let Some(groups) = group_units(&units, above.len()) else {
                return false;
            };
            let mut next = Vec::new();
            for (g, (t, l)) in groups.iter().zip(above.iter()) {
                let cols = units[g.start].cols.start..units[g.end - 1].cols.end;
                let written = !t.trim().is_empty();
                let first = cols.start;
                for c in cols.clone() {
                    hdr[hr][lw + c] = Some(if c == first {
                        Cell::own(t.clone(), l.clone())
                    } else {
                        Cell {
                            text: t.clone(),
                            loc: l.clone(),
                            origin: Some((hr, lw + first)),
                        }
                    });
                }
                // An open unit below is the same cell as this one: the
                // positions below become copies of it.
                if g.len() == 1 && units[g.start].open {
                    for row in hdr.iter_mut().skip(hr + 1) {
                        for c in cols.clone() {
                            if row[lw + c]
                                .as_ref()
                                .is_some_and(|x| x.text.trim().is_empty() && x.origin.is_none())
                            {
                                row[lw + c] = Some(Cell {
                                    text: t.clone(),
                                    loc: l.clone(),
                                    origin: Some((hr, lw + first)),
                                });
                            }
                        }
                    }
                }
                let depth = g.clone().map(|u| units[u].depth).max().unwrap_or(0);
                next.push(Unit {
                    cols,
                    open: !written,
                    depth: depth + usize::from(written),
                });
            }
            units = next;
        }
        true
    }

    /// Partition `units` into `n` consecutive groups: every open unit alone
    /// (a cell from above covers exactly it), runs of written units of one
    /// depth together; then split runs evenly or merge neighbours until
    /// there are `n`.
    fn group_units(units: &[Unit], n: usize) -> Option<Vec<std::ops::Range<usize>>> {
        let mut groups: Vec<std::ops::Range<usize>> = Vec::new();
        for (i, u) in units.iter().enumerate() {
            match groups.last_mut() {
                Some(g) if !u.open && !units[g.start].open && units[g.start].depth == u.depth => {
                    g.end = i + 1
                }
                _ => groups.push(i..i + 1),
            }
        }
        // Too few: split one run evenly.
        while groups.len() < n {
            let need = n - groups.len() + 1;
            let idx = groups
                .iter()
                .position(|g| g.len() >= need && g.len() % need == 0 && !units[g.start].open)?;
            let g = groups.remove(idx);
            let size = g.len() / need;
            for k in (0..need).rev() {
                groups.insert(idx, g.start + k * size..g.start + (k + 1) * size);
            }
        }
        // Too many: merge neighbouring written runs, left to right.
        while groups.len() > n {
            let idx = (0..groups.len() - 1)
                .find(|&i| !units[groups[i].start].open && !units[groups[i + 1].start].open)?;
            let b = groups.remove(idx + 1);
            groups[idx].end = b.end;
        }
        Some(groups)
    }
}

/// Which value wins when two are equally common.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Tie {
    Smaller,
    Larger,
}

/// The most common value, if any; `tie` says which of equally common
/// values wins.
pub(super) fn mode(it: impl Iterator<Item = usize>, tie: Tie) -> Option<usize> {
    let mut counts: Vec<(usize, usize)> = Vec::new();
    for v in it {
        match counts.iter_mut().find(|(k, _)| *k == v) {
            Some((_, n)) => *n += 1,
            None => counts.push((v, 1)),
        }
    }
    let best = counts.iter().map(|&(_, n)| n).max()?;
    let tied = counts
        .into_iter()
        .filter(|&(_, n)| n == best)
        .map(|(k, _)| k);
    match tie {
        Tie::Smaller => tied.min(),
        Tie::Larger => tied.max(),
    }
}
