/**
 * Columns the way kubectl prints them (Go's tabwriter with minwidth 6, padding 3): each column
 * as wide as its widest cell plus three spaces, the last column unpadded. One line at a time,
 * without the newline: a month of restarts is a million rows, and one string of them all (or a
 * spread of a million widths into Math.max, which overflowed the stack) is what must not be built.
 */
export function* tableLines(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): Generator<string> {
  // A cell never breaks a row: multi-line messages (termination messages, probe output) fold.
  const fold = (row: readonly string[]) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ').trim());
  const widths = header.map((cell) => Math.max(6, cell.length + 3));
  const folded = rows.map(fold);
  for (const row of folded) {
    for (let col = 0; col < widths.length; col++) {
      widths[col] = Math.max(widths[col]!, (row[col] ?? '').length + 3);
    }
  }
  const line = (row: readonly string[]) =>
    row
      .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!)))
      .join('')
      .trimEnd();
  yield line(fold(header));
  for (const row of folded) yield line(row);
}
