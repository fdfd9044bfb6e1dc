import { KubetrailError } from '../store/index.ts';
import { parseWatchLine, type WatchLine } from './parseWatchLine.ts';

export type JsonValueText = {
  text: string;
  line: number;
  /** The value parsed, when it is a compact watch event alone on its line (the NDJSON case). */
  watch?: WatchLine;
};

export const maxValueBytes = 16 * 1024 * 1024;

/**
 * Splits text holding one or more top-level JSON values (NDJSON, one pretty-printed List, or
 * the concatenated objects `kubectl get -w -o json` prints) into each value's text and the line
 * it starts on. The text comes in chunks, cut anywhere (a file read a part at a time: a day of a
 * large cluster's export is gigabytes, past what one string holds). Only structure is tracked
 * here; JSON.parse validates each value.
 */
export function* splitJsonValues(chunks: Iterable<string>, file: string): Generator<JsonValueText> {
  // What is not yet split: it begins between two values, on line `line`.
  let rest = '';
  let line = 1;
  for (const chunk of chunks) {
    rest = rest.length === 0 ? chunk : rest + chunk;
    const done = yield* splitComplete(rest, line, file, false);
    rest = rest.slice(done.at);
    line = done.line;
  }
  yield* splitComplete(rest, line, file, true);
}

/**
 * Yields the complete values of `text` (which begins between values, on `firstLine`) and returns
 * where the unfinished one begins; with `final`, an unfinished value is an error. A value left
 * unfinished is scanned again from its start with the next chunk: chunks are far larger than a
 * value may be.
 */
function* splitComplete(
  text: string,
  firstLine: number,
  file: string,
  final: boolean,
): Generator<JsonValueText, { at: number; line: number }> {
  let line = firstLine;
  let depth = 0;
  let start = -1;
  let startLine = 0;
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (c === 92) escaped = true;
      else if (c === 34) inString = false;
      continue;
    }
    if (c === 32 || c === 10 || c === 13 || c === 9) continue;
    if (start === -1) {
      if (c !== 123 && c !== 91) {
        throw new KubetrailError(
          'bad-input',
          `${file}:${line}: expected a JSON object, found ${JSON.stringify(text.slice(i, i + 20))}`,
        );
      }
      // A watch event alone on its line (NDJSON, what the API server and `export` write) is one
      // value exactly when it parses as one: no need to walk its characters.
      if (c === 123) {
        const newline = text.indexOf('\n', i);
        if (newline >= 0 || final) {
          const end = newline >= 0 ? newline : text.length;
          const candidate = text.slice(i, end).trimEnd();
          const watch = candidate.length <= maxValueBytes ? parseWatchLine(candidate) : undefined;
          if (watch) {
            yield { text: candidate, line, watch };
            i = end - 1;
            continue;
          }
        }
      }
      start = i;
      startLine = line;
    }
    if (c === 34) inString = true;
    else if (c === 123 || c === 91) depth++;
    else if (c === 125 || c === 93) {
      depth--;
      if (depth === 0) {
        if (i + 1 - start > maxValueBytes) {
          throw new KubetrailError(
            'bad-input',
            `${file}:${startLine}: object of ${i + 1 - start} bytes exceeds the ${maxValueBytes / 1024 / 1024} MiB limit`,
          );
        }
        yield { text: text.slice(start, i + 1), line: startLine };
        start = -1;
      } else if (depth < 0) {
        throw new KubetrailError('bad-input', `${file}:${line}: unbalanced '${String.fromCharCode(c)}'`);
      }
    }
    if (start !== -1 && i + 1 - start > maxValueBytes) {
      throw new KubetrailError(
        'bad-input',
        `${file}:${startLine}: object exceeds the ${maxValueBytes / 1024 / 1024} MiB limit`,
      );
    }
  }
  if (start === -1) return { at: text.length, line };
  if (final) {
    throw new KubetrailError(
      'bad-input',
      `${file}:${startLine}: truncated JSON (the value starting here never ends)`,
    );
  }
  return { at: start, line: startLine };
}
