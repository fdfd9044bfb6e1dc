// Reads a keyset-paged query to its end a page at a time, for answers streamed whole.

/**
 * Every row of a keyset-paged read, `pageSize` at a time: `read(after, pageSize)` returns the rows
 * after a key in order, `keyOf` gives a row's key.
 */
export function* keysetChunks<T, K>(
  read: (after: K | undefined, limit: number) => T[],
  keyOf: (row: T) => K,
  pageSize: number,
): Generator<T[]> {
  for (let after: K | undefined; ; ) {
    const rows = read(after, pageSize);
    if (rows.length > 0) yield rows;
    const last = rows.at(-1);
    if (rows.length < pageSize || last === undefined) return;
    after = keyOf(last);
  }
}
