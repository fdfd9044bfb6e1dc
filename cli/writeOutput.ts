// Output that may be large (every restart of a month is a million lines): written in parts of
// about 64 KB instead of one string, which V8 caps at about 512 M characters and which would hold
// the whole output in memory twice.
import type { CliIo } from './context.ts';

const partChars = 64 * 1024;

/** Writes each piece as it comes, gathered into parts of about 64 KB, each once stdout took the last. */
export async function writePieces(io: CliIo, pieces: Iterable<string>): Promise<void> {
  let part = '';
  for (const piece of pieces) {
    part += piece;
    if (part.length >= partChars) {
      io.stdout(part);
      part = '';
      await io.drained?.();
    }
  }
  if (part.length > 0) io.stdout(part);
  await io.drained?.();
}

/** Writes lines, each followed by a newline. */
export function writeLines(io: CliIo, lines: Iterable<string>): Promise<void> {
  return writePieces(io, withNewlines(lines));
}

function* withNewlines(lines: Iterable<string>): Generator<string> {
  for (const line of lines) yield `${line}\n`;
}

/**
 * The text of `JSON.stringify({ ...fields, items }, null, 2)` and a newline, in pieces: one for
 * the fields, one an item. (A JSON string holds no raw newline, so indenting an item's lines is
 * indenting every newline in its text.)
 */
export function* prettyJsonWithItems(
  fields: Record<string, unknown>,
  items: Iterable<unknown>,
): Generator<string> {
  const head = JSON.stringify(fields, null, 2);
  // `{\n  "a": 1\n}` → `{\n  "a": 1,\n  "items": [`; `{}` → `{\n  "items": [`.
  yield `${head === '{}' ? '{' : `${head.slice(0, -2)},`}\n  "items": [`;
  let first = true;
  for (const item of items) {
    yield `${first ? '' : ','}\n    ${(JSON.stringify(item, null, 2) ?? 'null').replaceAll('\n', '\n    ')}`;
    first = false;
  }
  yield first ? ']\n}\n' : '\n  ]\n}\n';
}
