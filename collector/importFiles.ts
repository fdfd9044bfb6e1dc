import { readFileSync } from 'node:fs';
import { KubetrailError, type LogWriter, type NewEntry } from '../store/index.ts';
import { readDocuments } from './readDocuments.ts';
import { redactSecrets } from './redact.ts';

export type ImportOptions = {
  cluster: string;
  /** Keep literal env values and last-applied-configuration (off by default). */
  keepSecrets?: boolean;
  now: () => number;
  /** Reads a file's text; '-' is standard input. */
  readText?: (file: string) => string;
};

export type ImportReport = { file: string; observations: number; appended: number; skipped: number };

const readTextDefault = (file: string): string => {
  try {
    return readFileSync(file === '-' ? 0 : file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new KubetrailError('not-found', `${file}: cannot read (${code ?? (error as Error).message})`);
  }
};

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
  const readText = options.readText ?? readTextDefault;
  const reports: ImportReport[] = [];
  for (const file of files) {
    const name = file === '-' ? '<stdin>' : file;
    const observations = readDocuments(readText(file), name, options.now());
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
