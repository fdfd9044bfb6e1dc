import { closeSync, openSync, readSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { KubetrailError, type LogWriter, type NewEntry } from '../store/index.ts';
import { readDocuments } from './readDocuments.ts';
import { redactSecrets } from './redact.ts';

export type ImportOptions = {
  cluster: string;
  /** Keep literal env values and last-applied-configuration (off by default). */
  keepSecrets?: boolean;
  now: () => number;
};

export type ImportReport = { file: string; observations: number; appended: number; skipped: number };

/**
 * A file's text ('-' is standard input) in chunks of about 16 MB, read as they are asked for: an
 * export of a busy day is gigabytes, more than one string may hold (512 M characters).
 */
export function* readTextChunks(file: string, chunkBytes = 16 * 1024 * 1024): Generator<string> {
  const cannotRead = (error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code;
    return new KubetrailError('not-found', `${file}: cannot read (${code ?? (error as Error).message})`);
  };
  let fd: number;
  try {
    fd = file === '-' ? 0 : openSync(file, 'r');
  } catch (error) {
    throw cannotRead(error);
  }
  // UTF-8 characters cut by a chunk's end are completed by the next chunk.
  const decoder = new StringDecoder('utf8');
  const buffer = Buffer.allocUnsafe(chunkBytes);
  try {
    for (;;) {
      let read: number;
      try {
        read = readSync(fd, buffer, 0, chunkBytes, null);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EOF') break;
        throw cannotRead(error);
      }
      if (read === 0) break;
      yield decoder.write(buffer.subarray(0, read));
    }
    const tail = decoder.end();
    if (tail.length > 0) yield tail;
  } finally {
    if (fd !== 0) closeSync(fd);
  }
}

/**
 * Imports files into the log, each file atomically in one transaction: its values are read,
 * validated and appended one at a time, and the first bad one rolls back the whole file. Versions
 * already recorded are skipped, so importing the same data twice records nothing new.
 */
export function importFiles(
  writer: LogWriter,
  files: readonly string[],
  options: ImportOptions,
): ImportReport[] {
  const reports: ImportReport[] = [];
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    const observations = readDocuments(readTextChunks(file), name, options.now());
    // Lazy: a big file is never held parsed whole, and each parsed object dies young.
    const entries = function* (): Generator<NewEntry> {
      for (const o of observations) {
        const object = options.keepSecrets ? o.object : redactSecrets(o.object);
        // Redaction copies what it changes: the text read is the object only when it did not.
        const text = object === o.object ? o.text : undefined;
        yield {
          cluster: options.cluster,
          observedAt: o.observedAt,
          source: 'import',
          type: o.type,
          resource: o.resource,
          object,
          text,
        };
      }
    };
    const result = writer.append(entries());
    reports.push({
      file: name,
      observations: result.appended + result.skipped,
      appended: result.appended,
      skipped: result.skipped,
    });
  }
  return reports;
}
