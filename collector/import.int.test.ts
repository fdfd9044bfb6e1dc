import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { openStore, type Store } from '../store/index.ts';
import { simplePod } from '../test/support/podBuilder.ts';
import { tempDir } from '../test/support/tempDb.ts';
import { readTextChunks } from './importFiles.ts';
import { importFiles, redactedValue } from './index.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

function setup() {
  const t = tempDir();
  const store = openStore(t.path('k.db'));
  cleanups.push(() => {
    store.close();
    t.cleanup();
  });
  const file = (name: string, text: string) => {
    writeFileSync(t.path(name), text);
    return t.path(name);
  };
  const run = (...files: string[]) =>
    importFiles(store.writer!, files, { cluster: 'default', now: () => Date.parse('2026-02-01T00:00:00Z') });
  return { store, file, run };
}

const count = (store: Store) =>
  (store.db.prepare('SELECT count(*) AS n FROM log_entries').get() as { n: number }).n;
const watchLine = (type: string, object: unknown) => JSON.stringify({ type, object });

describe('import formats', () => {
  it('reads an NDJSON watch stream and keeps the watch types', () => {
    const { store, file, run } = setup();
    const path = file(
      'w.ndjson',
      [
        watchLine('ADDED', simplePod('a', '10')),
        watchLine('MODIFIED', simplePod('a', '11')),
        watchLine('DELETED', simplePod('a', '12')),
      ].join('\n'),
    );
    expect(run(path)[0]).toMatchObject({ appended: 3, skipped: 0 });
    expect([...store.reader.entriesAfter(0)].map((e) => [e.type, e.source, e.resourceVersion])).toEqual([
      ['ADDED', 'import', '10'],
      ['MODIFIED', 'import', '11'],
      ['DELETED', 'import', '12'],
    ]);
  });

  it('reads a kubectl List whose items lack kind and apiVersion', () => {
    const { store, file, run } = setup();
    const items = [simplePod('a', '1'), simplePod('b', '2')].map(
      ({ kind: _k, apiVersion: _a, ...rest }) => rest,
    );
    const path = file(
      'list.json',
      JSON.stringify({ apiVersion: 'v1', kind: 'PodList', metadata: {}, items }, null, 2),
    );
    run(path);
    const entries = [...store.reader.entriesAfter(0)];
    expect(entries.map((e) => [e.kind, e.resource, e.name])).toEqual([
      ['Pod', 'pods', 'a'],
      ['Pod', 'pods', 'b'],
    ]);
  });

  it('reads the pretty-printed object stream of kubectl get -w -o json: later versions are changes', () => {
    const { store, file, run } = setup();
    const text = [simplePod('a', '1'), simplePod('a', '2')].map((p) => JSON.stringify(p, null, 4)).join('\n');
    run(file('stream.json', text));
    expect([...store.reader.entriesAfter(0)].map((e) => e.type)).toEqual(['ADDED', 'MODIFIED']);
  });

  it('reads a JSON array of successive versions, oldest first, and names a bad item', () => {
    const { store, file, run } = setup();
    const versions = [simplePod('a', '1'), simplePod('a', '2'), simplePod('b', '1')];
    run(file('versions.json', JSON.stringify(versions, null, 2)));
    expect([...store.reader.entriesAfter(0)].map((e) => [e.name, e.type, e.resourceVersion])).toEqual([
      ['a', 'ADDED', '1'],
      ['a', 'MODIFIED', '2'],
      ['b', 'ADDED', '1'],
    ]);
    expect(store.reader.json(2)).toBe(JSON.stringify(versions[1]));
    expect(() => run(file('bad.json', `\n${JSON.stringify([simplePod('c', '1'), 42])}`))).toThrow(
      /bad\.json:2: item 1: expected a JSON object, found 42/,
    );
    expect(count(store)).toBe(3);
  });

  it('keeps unknown kinds, fields and enum values verbatim', () => {
    const { store, file, run } = setup();
    const widget = {
      apiVersion: 'example.com/v1alpha1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'ns', uid: 'w1', resourceVersion: '5' },
      spec: { size: 'XL' },
      futureField: [1, 2],
    };
    const pod = simplePod('p', '6');
    (pod.status as Record<string, unknown>).phase = 'Hibernating';
    run(file('mixed.ndjson', `${watchLine('ADDED', widget)}\n${watchLine('ADDED', pod)}`));
    const [w, p] = [...store.reader.entriesAfter(0)];
    expect(w!.resource).toBe('widgets.example.com');
    expect(w!.object).toEqual(widget);
    expect(store.db.prepare('SELECT phase, status FROM pod_versions').get()).toEqual({
      phase: 'Hibernating',
      status: 'Hibernating',
    });
    expect(p!.object).toEqual(pod);
  });

  it("stores a compact watch line's object as it was written, and re-serialises what it had to change", () => {
    const { store, file, run } = setup();
    const asWritten = JSON.stringify(simplePod('a', '1')).replace('"name":"a"', '"name":  "a"');
    const filledIn = JSON.stringify(simplePod('b', '2')).replace('"kind":"Pod",', '');
    run(file('w.ndjson', `{"type":"ADDED","object":${asWritten}}\n{"type":"ADDED","object":${filledIn}}\n`));
    // The exact text stored (b may be stored as a delta of a: they are pods of one namespace).
    const text = (position: number) => store.reader.json(position);
    expect(text(1)).toBe(asWritten);
    expect(text(2)).toBe(JSON.stringify(store.reader.entry(2)!.object));
    expect(store.reader.entry(2)!.object).toMatchObject({ kind: 'Pod', metadata: { name: 'b' } });
  });

  it('records nothing new when the same data is imported twice', () => {
    const { store, file, run } = setup();
    const path = file(
      'w.ndjson',
      [watchLine('ADDED', simplePod('a', '1')), watchLine('MODIFIED', simplePod('a', '2'))].join('\n'),
    );
    run(path);
    expect(run(path)[0]).toMatchObject({ appended: 0, skipped: 2 });
    expect(count(store)).toBe(2);
  });

  it('takes the newest timestamp in an object as its observed time, never going back for the same uid', () => {
    const { store, file, run } = setup();
    const later = simplePod('a', '2');
    (later.status as { conditions: unknown[] }).conditions = [
      { type: 'Ready', status: 'True', lastTransitionTime: '2026-01-02T03:05:00Z' },
    ];
    const deleted = simplePod('a', '3');
    run(
      file(
        'w.ndjson',
        [
          watchLine('ADDED', simplePod('a', '1')),
          watchLine('MODIFIED', later),
          watchLine('DELETED', deleted),
        ].join('\n'),
      ),
    );
    expect([...store.reader.entriesAfter(0)].map((e) => new Date(e.observedAt).toISOString())).toEqual([
      '2026-01-02T03:00:02.000Z',
      '2026-01-02T03:05:00.000Z',
      '2026-01-02T03:05:00.000Z',
    ]);
  });

  it('redacts literal env values and last-applied-configuration, keeping references', () => {
    const { store, file, run } = setup();
    const pod = simplePod('a', '1', { env: [{ name: 'PASSWORD', value: 'hunter2' }] });
    pod.metadata!.annotations = { 'kubectl.kubernetes.io/last-applied-configuration': '{"secret":"x"}' };
    (pod.spec as { containers: { env: unknown[] }[] }).containers[0]!.env.push({
      name: 'TOKEN',
      valueFrom: { secretKeyRef: { name: 's', key: 'k' } },
    });
    run(file('p.json', JSON.stringify(pod)));
    const stored = JSON.stringify(store.reader.entry(1)!.object);
    expect(stored).not.toContain('hunter2');
    expect(stored).not.toContain('"secret":"x"');
    expect(stored).toContain(redactedValue);
    expect(stored).toContain('secretKeyRef');
  });
});

describe('import errors: a clear message, and the database unchanged', () => {
  const good = watchLine('ADDED', simplePod('ok', '1'));
  const cases: [string, string, RegExp][] = [
    [
      'malformed JSON',
      `${good}\n{"type":"ADDED","object":{"metadata":{"uid":"x",}}}\n`,
      /bad\.ndjson:2: malformed JSON/,
    ],
    [
      'a line that is not a watch event',
      `${good}\n{"hello":"world"}\n`,
      /bad\.ndjson:2: not a watch event .*keys: hello/,
    ],
    [
      'an unknown watch type',
      `${good}\n{"type":"CHANGED","object":{}}\n`,
      /bad\.ndjson:2: unknown watch event type "CHANGED"/,
    ],
    [
      'an object without uid',
      `${good}\n${watchLine('MODIFIED', { ...simplePod('nouid', '2'), metadata: { name: 'nouid', namespace: 'default' } })}\n`,
      /bad\.ndjson:2: Pod default\/nouid has no metadata\.uid/,
    ],
    ['an empty file', '\n  \n', /bad\.ndjson: empty file/],
    ['a truncated file', `${good}\n{"type":"ADDED","object":{"metadata":`, /bad\.ndjson:2: truncated JSON/],
    [
      'a watch ERROR in the stream',
      `${good}\n{"type":"ERROR","object":{"kind":"Status","code":410,"message":"too old resource version"}}\n`,
      /bad\.ndjson:2: the stream holds a watch ERROR \(410/,
    ],
  ];
  it.each(cases)('%s', (_name, text, message) => {
    const { store, file, run } = setup();
    run(file('before.ndjson', watchLine('ADDED', simplePod('before', '1'))));
    const before = count(store);
    expect(() => run(file('bad.ndjson', text))).toThrow(message);
    expect(count(store)).toBe(before);
    expect(store.db.prepare('SELECT count(*) AS n FROM pods').get()).toEqual({ n: 1 });
  });

  it('a huge object', () => {
    const { store, file, run } = setup();
    const huge = simplePod('huge', '1');
    huge.metadata!.annotations = { blob: 'x'.repeat(17 * 1024 * 1024) };
    expect(() => run(file('bad.ndjson', `${good}\n${watchLine('ADDED', huge)}\n`))).toThrow(
      /bad\.ndjson:2: object .*exceeds the 16 MiB limit/,
    );
    expect(count(store)).toBe(0);
  });
});

describe('reading a file a chunk at a time (an export of a busy day is gigabytes)', () => {
  it('gives back the text exactly, characters cut by a chunk boundary included', () => {
    const t = tempDir();
    cleanups.push(() => t.cleanup());
    const text = `${watchLine('ADDED', simplePod('ünïcödé-✓', '1'))}\n😀 é ✓\n`.repeat(20);
    writeFileSync(t.path('u.ndjson'), text);
    for (const size of [1, 2, 3, 7, 64, 1 << 20]) {
      const chunks = [...readTextChunks(t.path('u.ndjson'), size)];
      expect(chunks.join('')).toBe(text);
      if (size < 64) expect(chunks.length).toBeGreaterThan(Buffer.byteLength(text) / size / 2);
    }
  });

  it('says which file it cannot read', () => {
    expect(() => [...readTextChunks('/nonexistent/x.ndjson')]).toThrow(
      '/nonexistent/x.ndjson: cannot read (ENOENT)',
    );
  });
});
