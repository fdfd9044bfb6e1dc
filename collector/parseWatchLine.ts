// A watch event as the API server writes it: `{"type":"MODIFIED","object":{…}}`. Re-serialising
// a 10 KB pod costs more than parsing it, so when a line has exactly that shape the object's own
// text is kept and stored as is. Only the object part is parsed: if it parses as one JSON value,
// the line is provably that envelope and the kept text provably parses to the object stored.

export type WatchLine = { type: string; object: unknown; objectText: string };

const prefix = '{"type":"';
const objectKey = '","object":';

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 13 || c === 9;

/**
 * The event of a compact watch line with its object's text, or undefined when the line has any
 * other shape or does not parse: the caller then parses it whole (and reports what is wrong).
 */
export function parseWatchLine(line: string): WatchLine | undefined {
  if (!line.startsWith(prefix)) return undefined;
  const typeEnd = line.indexOf('"', prefix.length);
  if (typeEnd < 0 || !line.startsWith(objectKey, typeEnd)) return undefined;
  const type = line.slice(prefix.length, typeEnd);
  if (type.includes('\\')) return undefined;
  let end = line.length;
  while (end > 0 && isSpace(line.charCodeAt(end - 1))) end--;
  if (line.charCodeAt(end - 1) !== 125 /* } */) return undefined;
  const objectText = line.slice(typeEnd + objectKey.length, end - 1).trim();
  try {
    return { type, object: JSON.parse(objectText) as unknown, objectText };
  } catch {
    return undefined;
  }
}
