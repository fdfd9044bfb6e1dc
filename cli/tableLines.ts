/**
 * Columns the way kubectl prints them (Go's tabwriter with minwidth 6, padding 3): each column
 * as wide as its widest cell plus three spaces, the last column unpadded. One line at a time,
 * without the newline, and the rows read twice (`rows()` is called for each pass: once to measure
 * the columns, once to print): a month of restarts is a million rows, and neither those rows held
 * at once, nor one string of the whole table, nor a spread of a million widths into Math.max
 * (which overflowed the stack) is what must be built.
 */
export function* tableLines(
  header: readonly string[],
  rows: () => Iterable<readonly string[]>,
): Generator<string> {
  const widths = header.map((cell) => Math.max(6, cell.length + 3));
  for (const row of rows()) {
    for (let col = 0; col < widths.length; col++) {
      widths[col] = Math.max(widths[col]!, fold(row[col] ?? '').length + 3);
    }
  }
  const line = (row: readonly string[]) =>
    row
      .map((cell, col) => (col === row.length - 1 ? fold(cell) : fold(cell).padEnd(widths[col]!)))
      .join('')
      .trimEnd();
  yield line(header);
  for (const row of rows()) yield line(row);
}

/** A cell never breaks a row: multi-line messages (termination messages, probe output) fold. */
const fold = (cell: string): string => (cell.includes('\n') ? cell.replace(/\s*\n\s*/g, ' ') : cell).trim();
