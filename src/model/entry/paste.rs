//! Rows pasted from a spreadsheet: tab-separated lines, quoted cells, a heading line.

use super::*;

/// Something wrong with one cell (or one pasted line), and where: "row 3, When: …".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EntryProblem {
    /// Row of the grid (or line of the pasted text), from 1.
    pub row: usize,
    /// The column, when the problem is in one cell.
    pub column: Option<Column>,
    pub message: String,
}

impl fmt::Display for EntryProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.column {
            Some(c) => write!(f, "row {}, {}: {}", self.row, c.label(), self.message),
            None => write!(f, "row {}: {}", self.row, self.message),
        }
    }
}

/// Rows read from pasted text.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pasted {
    pub rows: Vec<RowText>,
    /// The first line named the columns and was skipped (its order was followed).
    pub header: bool,
    /// Lines with more cells than there are columns (the extra ones were not read).
    pub problems: Vec<EntryProblem>,
}

/// Reads rows pasted from a spreadsheet: one line per row, cells separated by tabs, in the
/// order when, kind, what, who, target, source, or in the order a first line of headings gives
/// ("Time, Type, Summary, …"; that line is skipped). Quoted cells (`"a ""b"" c"`, as
/// spreadsheets write a cell holding a tab or a line break) are read whole; blank lines are
/// skipped. Never fails: what cannot be placed is reported.
pub fn parse_pasted(text: &str) -> Pasted {
    let mut out = Pasted::default();
    let mut records = split_tsv(text)
        .into_iter()
        .filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()))
        .peekable();
    let mut headings: Vec<Option<Column>> = Column::ALL.iter().copied().map(Some).collect();
    if let Some((_, first)) = records.peek()
        && let Some(named) = heading_line(first)
    {
        headings = named;
        out.header = true;
        records.next();
    }
    for (line, cells) in records {
        let mut row = RowText::default();
        for (cell, column) in cells.iter().zip(&headings) {
            if let Some(column) = column {
                row.0[column.index()] = cell.trim().to_owned();
            }
        }
        if cells.len() > headings.len()
            && cells[headings.len()..].iter().any(|c| !c.trim().is_empty())
        {
            out.problems.push(EntryProblem {
                row: line,
                column: None,
                message: format!(
                    "{} cells; only the first {} ({}) are read",
                    cells.len(),
                    headings.len(),
                    headings
                        .iter()
                        .map(|c| c.map_or("not read", |c| c.label()))
                        .collect::<Vec<_>>()
                        .join(", ")
                        .to_lowercase()
                ),
            });
        }
        out.rows.push(row);
    }
    out
}

/// The columns a line of headings names, in its order (`None`: a blank heading, not read);
/// `None` unless at least two cells are headings, each names a different column and no cell
/// is anything else.
fn heading_line(cells: &[String]) -> Option<Vec<Option<Column>>> {
    let headings: Vec<Option<Column>> = cells
        .iter()
        .map(|c| {
            if c.trim().is_empty() {
                Ok(None)
            } else {
                Column::from_heading(c).map(Some).ok_or(())
            }
        })
        .collect::<Result<_, ()>>()
        .ok()?;
    let named: Vec<Column> = headings.iter().flatten().copied().collect();
    let distinct = named
        .iter()
        .enumerate()
        .all(|(i, c)| !named[..i].contains(c));
    (named.len() >= 2 && distinct).then_some(headings)
}

/// Splits tab-separated text into (line number, cells) records. A cell that starts with `"`
/// runs to its closing quote (`""` inside is one quote) and may hold tabs and line breaks,
/// which become spaces (a cell of the grid is one line).
fn split_tsv(text: &str) -> Vec<(usize, Vec<String>)> {
    let mut records = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut cell = String::new();
    let mut line = 1;
    let mut record_line = 1;
    let mut chars = text.chars().peekable();
    let mut at_cell_start = true;
    while let Some(c) = chars.next() {
        match c {
            '"' if at_cell_start => {
                at_cell_start = false;
                // A quoted cell.
                while let Some(q) = chars.next() {
                    match q {
                        '"' if chars.peek() == Some(&'"') => {
                            chars.next();
                            cell.push('"');
                        }
                        '"' => break,
                        '\n' => {
                            line += 1;
                            cell.push(' ');
                        }
                        '\r' | '\t' => cell.push(' '),
                        other => cell.push(other),
                    }
                }
            }
            '\t' => {
                cells.push(std::mem::take(&mut cell));
                at_cell_start = true;
            }
            '\r' if chars.peek() == Some(&'\n') => {}
            '\n' | '\r' => {
                cells.push(std::mem::take(&mut cell));
                records.push((record_line, std::mem::take(&mut cells)));
                line += 1;
                record_line = line;
                at_cell_start = true;
            }
            other => {
                at_cell_start = false;
                cell.push(other);
            }
        }
    }
    if !cell.is_empty() || !cells.is_empty() {
        cells.push(cell);
        records.push((record_line, cells));
    }
    records
}
