// A JSON answer too large to build whole (every pod at an instant, every change of a long window),
// written a chunk of array elements at a time: the same bytes JSON.stringify gives the whole.
import type { Context } from 'hono';
import { stream } from 'hono/streaming';

/** Array elements a chunk at a time; read lazily, as the answer is written. */
export type Chunks = Iterable<unknown[]>;

/**
 * Streams `object` as JSON, where each field of `arrays` (in `object`'s key order, its value there
 * ignored) is an array of every element its chunks give. Reading stops if the client goes away.
 */
export function streamJson(
  c: Context,
  object: Record<string, unknown>,
  arrays: Record<string, Chunks>,
): Response {
  c.header('Content-Type', 'application/json');
  return stream(c, async (s) => {
    let aborted = false;
    s.onAbort(() => {
      aborted = true;
    });
    let separator = '{';
    for (const [key, value] of Object.entries(object)) {
      const chunks = arrays[key];
      if (!chunks) {
        const text = JSON.stringify(value);
        // JSON.stringify leaves out a field whose value has no JSON form (undefined, a function).
        if (text === undefined) continue;
        await s.write(`${separator}${JSON.stringify(key)}:${text}`);
      } else {
        await s.write(`${separator}${JSON.stringify(key)}:[`);
        let first = true;
        for (const chunk of chunks) {
          if (aborted) return;
          if (chunk.length === 0) continue;
          const text = JSON.stringify(chunk).slice(1, -1);
          await s.write(first ? text : `,${text}`);
          first = false;
        }
        await s.write(']');
      }
      separator = ',';
    }
    await s.write(separator === '{' ? '{}' : '}');
  });
}
