import { KubetrailError } from '../store/index.ts';

export type JsonValueText = { text: string; line: number };

export const maxValueBytes = 16 * 1024 * 1024;

/**
 * Splits text holding one or more top-level JSON values (NDJSON, one pretty-printed List, or
 * the concatenated objects `kubectl get -w -o json` prints) into each value's text and the line
 * it starts on. Only structure is tracked here; JSON.parse validates each value.
 */
export function* splitJsonValues(text: string, file: string): Generator<JsonValueText> {
  let line = 1;
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
  if (start !== -1) {
    throw new KubetrailError(
      'bad-input',
      `${file}:${startLine}: truncated JSON (the value starting here never ends)`,
    );
  }
}
