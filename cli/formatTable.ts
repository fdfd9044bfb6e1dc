/**
 * Columns the way kubectl prints them (Go's tabwriter with minwidth 6, padding 3): each column
 * as wide as its widest cell plus three spaces, the last column unpadded.
 */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  // A cell never breaks a row: multi-line messages (termination messages, probe output) fold.
  const all = [header, ...rows.map((row) => row.map((cell) => cell.replace(/\s*\n\s*/g, ' ').trim()))];
  const widths = header.map((_, col) => Math.max(6, ...all.map((row) => (row[col] ?? '').length + 3)));
  return all
    .map((row) =>
      row
        .map((cell, col) => (col === row.length - 1 ? cell : cell.padEnd(widths[col]!)))
        .join('')
        .trimEnd(),
    )
    .join('\n');
}
