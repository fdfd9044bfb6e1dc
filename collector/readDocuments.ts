import { type KubeObject, KubetrailError, resourceOf } from '../store/index.ts';
import { newestTimestamp } from './observedTime.ts';
import { parseWatchLine } from './parseWatchLine.ts';
import { splitJsonValues } from './splitJsonValues.ts';

/** An object found in an import file, before it becomes a log entry. */
export type ImportedObservation = {
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: string;
  object: KubeObject;
  observedAt: number;
  line: number;
  /** The object's JSON text as read, when it is exactly `object` (stored as is, not re-serialised). */
  text?: string;
};

const watchTypes = new Set(['ADDED', 'MODIFIED', 'DELETED']);

type Json = Record<string, unknown>;
const isRecord = (v: unknown): v is Json => !!v && typeof v === 'object' && !Array.isArray(v);

/** Objects printed without kind (kubectl's list items, some captures): named from their shape. */
function inferKind(object: Json, listKind: string | undefined): string | undefined {
  if (listKind?.endsWith('List') && listKind !== 'List') return listKind.slice(0, -'List'.length);
  const spec = isRecord(object.spec) ? object.spec : {};
  if (Array.isArray(spec.containers)) return 'Pod';
  if (isRecord(object.involvedObject) || isRecord(object.regarding)) return 'Event';
  return undefined;
}

function observedTimeOf(envelope: Json, object: Json, fallback: number): number {
  const stated = envelope.observedAt ?? envelope.time;
  if (typeof stated === 'string' && !Number.isNaN(Date.parse(stated))) return Date.parse(stated);
  if (typeof stated === 'number') return stated;
  return newestTimestamp(object) ?? fallback;
}

/**
 * Reads every observation in an import file, one at a time as it is iterated: NDJSON watch
 * events, `kubectl get -o json` Lists, the object stream of `kubectl get -w -o json`, a single
 * object, or a JSON array of any of these (successive versions of an object, oldest first), from
 * the file's text in chunks. Throws a KubetrailError naming file:line and the problem on the first
 * bad value, so a caller that appends what it yields in one transaction writes all of a file or
 * none of it.
 */
export function* readDocuments(
  chunks: Iterable<string>,
  file: string,
  now: number,
): Generator<ImportedObservation> {
  const lastTimeOfUid = new Map<string, number>();
  let values = 0;

  const add = (
    type: ImportedObservation['type'],
    raw: unknown,
    envelope: Json,
    line: number,
    listKind?: string,
    listApiVersion?: string,
    rawText?: string,
  ): ImportedObservation => {
    if (!isRecord(raw))
      throw new KubetrailError('bad-input', `${file}:${line}: "object" is not a JSON object`);
    if (!isRecord(raw.metadata))
      throw new KubetrailError('bad-input', `${file}:${line}: object has no metadata`);
    const meta = raw.metadata;
    const kind = typeof raw.kind === 'string' ? raw.kind : inferKind(raw, listKind);
    const label = `${kind ?? 'object'} ${meta.namespace ? `${String(meta.namespace)}/` : ''}${String(meta.name ?? '?')}`;
    if (!kind)
      throw new KubetrailError('bad-input', `${file}:${line}: ${label} has no kind and none can be inferred`);
    if (typeof meta.uid !== 'string' || meta.uid === '') {
      throw new KubetrailError(
        'bad-input',
        `${file}:${line}: ${label} has no metadata.uid (a pod is its uid)`,
      );
    }
    if (typeof meta.name !== 'string')
      throw new KubetrailError('bad-input', `${file}:${line}: ${label} has no metadata.name`);
    const apiVersion = typeof raw.apiVersion === 'string' ? raw.apiVersion : (listApiVersion ?? 'v1');
    const object = { ...raw } as KubeObject;
    if (object.kind === undefined) object.kind = kind;
    if (object.apiVersion === undefined) object.apiVersion = apiVersion;
    // Within a file, an object's later versions are never observed before its earlier ones
    // (a DELETED usually carries no newer timestamp than the version before it).
    const uid = meta.uid;
    const observedAt = Math.max(observedTimeOf(envelope, raw, now), lastTimeOfUid.get(uid) ?? 0);
    lastTimeOfUid.set(uid, observedAt);
    // The text is the object only when nothing was filled in.
    const text =
      rawText !== undefined && raw.kind === kind && raw.apiVersion === apiVersion ? rawText : undefined;
    return { type, resource: resourceOf(apiVersion, kind), object, observedAt, line, text };
  };

  for (const { text: valueText, line, watch } of splitJsonValues(chunks, file)) {
    values++;
    const watchLine = watch ?? parseWatchLine(valueText);
    if (watchLine && watchTypes.has(watchLine.type)) {
      const envelope = { type: watchLine.type, object: watchLine.object };
      yield add(
        watchLine.type as ImportedObservation['type'],
        watchLine.object,
        envelope,
        line,
        undefined,
        undefined,
        watchLine.objectText,
      );
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(valueText);
    } catch (error) {
      throw new KubetrailError('bad-input', `${file}:${line}: malformed JSON: ${(error as Error).message}`);
    }
    if (!Array.isArray(value)) {
      yield* observationsOf(value, line, `${file}:${line}`);
      continue;
    }
    // An array of values (e.g. successive versions of a pod, oldest first): each read as above.
    for (const [i, item] of value.entries()) yield* observationsOf(item, line, `${file}:${line}: item ${i}`);
  }
  if (values === 0) throw new KubetrailError('bad-input', `${file}: empty file: no JSON found`);

  /** The observations in one parsed value: a watch event, a List or an object (`at` for errors). */
  function* observationsOf(value: unknown, line: number, at: string): Generator<ImportedObservation> {
    if (!isRecord(value))
      throw new KubetrailError(
        'bad-input',
        `${at}: expected a JSON object, found ${Array.isArray(value) ? 'an array' : JSON.stringify(value)}`,
      );
    if (typeof value.type === 'string' && 'object' in value) {
      if (value.type === 'BOOKMARK') return;
      if (value.type === 'ERROR') {
        const status = isRecord(value.object) ? value.object : {};
        throw new KubetrailError(
          'bad-input',
          `${at}: the stream holds a watch ERROR (${String(status.code ?? '?')} ${String(status.message ?? '')}): changes after it were lost; cut the file there`,
        );
      }
      if (!watchTypes.has(value.type))
        throw new KubetrailError(
          'bad-input',
          `${at}: unknown watch event type ${JSON.stringify(value.type)}`,
        );
      yield add(value.type as ImportedObservation['type'], value.object, value, line);
    } else if (Array.isArray(value.items) && typeof value.kind === 'string' && value.kind.endsWith('List')) {
      const apiVersion = typeof value.apiVersion === 'string' ? value.apiVersion : undefined;
      for (const item of value.items) yield add('ADDED', item, {}, line, value.kind, apiVersion);
    } else if (isRecord(value.metadata)) {
      // A bare object stream (`kubectl get -w -o json`): later versions of a uid are changes.
      const seen = typeof value.metadata.uid === 'string' && lastTimeOfUid.has(value.metadata.uid);
      yield add(seen ? 'MODIFIED' : 'ADDED', value, {}, line);
    } else {
      const keys = Object.keys(value).slice(0, 5).join(', ');
      throw new KubetrailError(
        'bad-input',
        `${at}: not a watch event ({"type","object"}), a List or a Kubernetes object (keys: ${keys || 'none'})`,
      );
    }
  }
}
