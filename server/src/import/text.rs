//! Text copied from a web page (the seed report's layout): prose lines at
//! the margin, every table cell on its own line indented with a tab (or
//! marked by a pipe: `cell |`, or a lone `|` line after it), a blank line
//! between table rows. A cell's text can wrap onto following
//! lines that are not indented (`商业\n企业`, `\n0`); a line at the margin
//! after a blank line ends the table.

use super::draft::{is_number, Block, Draft, Grid, Loc};
use super::ImportError;

/// One raw table: rows of (cell text, location).
type RawRows = Vec<Vec<(String, Loc)>>;

/// Lines of at least this many cells marked by a pipe make a text of
/// marked cells (a few pipes in prose do not).
const MARKED_CELLS: usize = 10;

/// The lines with their line numbers, cells marked by a pipe rewritten as
/// tab-indented cells. Two markings are read: every cell line ending with
/// ` |` (an empty cell a lone `|`), or a lone `|` line after every cell
/// (an empty cell a blank line before it); a row still ends at a blank
/// line. Text with neither is returned as it is.
fn cell_lines(text: &str) -> Vec<(usize, String)> {
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .collect();
    let lone = |l: &str| l.trim() == "|";
    // `cell |`: one pipe, at the end, after the cell's text.
    let trailing = |l: &str| {
        let t = l.trim();
        t.len() > 1 && t.ends_with('|') && t.matches('|').count() == 1
    };
    let n_trailing = lines.iter().filter(|(_, l)| trailing(l)).count();
    let n_lone = lines.iter().filter(|(_, l)| lone(l)).count();
    let cell = |l: &str| format!("\t{}", l.trim().trim_end_matches('|').trim_end());
    if n_trailing >= MARKED_CELLS {
        return lines
            .into_iter()
            .map(|(i, l)| {
                if trailing(l) || lone(l) {
                    (i, cell(l))
                } else {
                    (i, l.to_string())
                }
            })
            .collect();
    }
    if n_lone >= MARKED_CELLS {
        let mut out = Vec::with_capacity(lines.len());
        let mut k = 0;
        while k < lines.len() {
            let (i, l) = lines[k];
            let marked = lines.get(k + 1).is_some_and(|(_, n)| lone(n));
            if lone(l) {
                // A pipe with no cell before it: an empty cell.
                out.push((i, "\t".to_string()));
                k += 1;
            } else if marked {
                out.push((i, cell(l)));
                k += 2;
            } else {
                out.push((i, l.to_string()));
                k += 1;
            }
        }
        return out;
    }
    lines.into_iter().map(|(i, l)| (i, l.to_string())).collect()
}

pub fn read(text: &str) -> Result<Draft, ImportError> {
    let mut draft = Draft::default();
    let mut table: Option<(RawRows, Loc)> = None;
    // Whether the previous line was a cell line (a margin line continues it).
    let mut in_cell = false;
    let mut new_row = true;
    for (i, line) in cell_lines(text) {
        let line = line.as_str();
        let loc = Loc::line(i);
        if let Some(cell) = line.strip_prefix('\t') {
            let (rows, _) = table.get_or_insert_with(|| (Vec::new(), loc.clone()));
            if new_row || rows.is_empty() {
                rows.push(Vec::new());
                new_row = false;
            }
            let row = rows.last_mut().expect("pushed above");
            row.push((cell.trim().to_string(), loc));
            in_cell = true;
        } else if line.trim().is_empty() {
            new_row = true;
            in_cell = false;
        } else if in_cell && !super::emit::is_section_title(line) {
            // A wrapped cell: `商业` + `企业`.
            if let Some((rows, _)) = table.as_mut() {
                if let Some((t, _)) = rows.last_mut().and_then(|r| r.last_mut()) {
                    t.push('\n');
                    t.push_str(line.trim());
                }
            }
        } else {
            if let Some((rows, loc)) = table.take() {
                push_table(&mut draft, rows, loc);
            }
            draft.blocks.push(Block::Text {
                text: line.trim().to_string(),
                loc,
                heading: None,
            });
            new_row = true;
        }
    }
    if let Some((rows, loc)) = table.take() {
        push_table(&mut draft, rows, loc);
    }
    Ok(draft)
}

/// Split a raw table where a caption row (`第二十条第（一）项`, a row of one
/// cell that names a template table) stands, resolve each part's spans.
fn push_table(draft: &mut Draft, rows: RawRows, loc: Loc) {
    // Indented prose (one entry per row, no numbers) is not a table.
    if rows.iter().all(|r| r.len() <= 1) && !rows.iter().flatten().any(|(t, _)| is_number(t)) {
        for (text, loc) in rows.into_iter().flatten() {
            draft.blocks.push(Block::Text {
                text,
                loc,
                heading: None,
            });
        }
        return;
    }
    let mut part: RawRows = Vec::new();
    let mut part_loc = loc;
    let flush = |draft: &mut Draft, part: &mut RawRows, loc: &Loc| {
        let rows: RawRows = std::mem::take(part)
            .into_iter()
            .filter(|r| r.iter().any(|(t, _)| !t.is_empty()))
            .collect();
        if !rows.is_empty() {
            draft
                .blocks
                .push(Block::Table(Grid::from_spanless(rows, loc.clone())));
        }
    };
    for row in rows {
        let cells: Vec<&(String, Loc)> = row.iter().filter(|(t, _)| !t.is_empty()).collect();
        if row.len() == 1 && cells.len() == 1 && super::emit::is_caption(&cells[0].0) {
            flush(draft, &mut part, &part_loc);
            draft.blocks.push(Block::Text {
                text: cells[0].0.clone(),
                loc: cells[0].1.clone(),
                heading: Some(3),
            });
            part_loc = cells[0].1.clone();
            continue;
        }
        part.push(row);
    }
    flush(draft, &mut part, &part_loc);
}
