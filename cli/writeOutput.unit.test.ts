import { describe, expect, it } from 'vitest';
import type { CliIo } from './context.ts';
import { tableLines } from './tableLines.ts';
import { prettyJsonWithItems, writeLines, writePieces } from './writeOutput.ts';

const collecting = () => {
  const parts: string[] = [];
  const io: CliIo = { stdout: (t) => parts.push(t), stderr: () => {}, now: () => 0, env: {} };
  return { io, parts };
};

describe('prettyJsonWithItems', () => {
  it.each([
    [{}, []],
    [{}, [{ a: 1 }]],
    [{ at: '2026-01-02T03:12:00Z' }, []],
    [
      { at: '2026-01-02T03:12:00Z', n: { deep: [1, { x: null }] } },
      [
        { name: 'a', message: 'line one\nline two', tags: [], nested: { list: [1, 2], empty: {} } },
        { name: 'b', quote: '"\\', unicode: 'é ✓' },
        null,
        [1, [2, [3]]],
      ],
    ],
  ])('is JSON.stringify({ ...%j, items }, null, 2) and a newline', (fields, items) => {
    const text = [...prettyJsonWithItems(fields, items)].join('');
    expect(text).toBe(`${JSON.stringify({ ...fields, items }, null, 2)}\n`);
  });

  it('yields one piece an item, so a million items never make one string', () => {
    const items = Array.from({ length: 1000 }, (_, i) => ({ i }));
    expect([...prettyJsonWithItems({}, items)]).toHaveLength(1002);
  });
});

describe('writePieces and writeLines', () => {
  it('write everything, in order, in parts of about 64 KB', async () => {
    const { io, parts } = collecting();
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(i % 50)}`);
    await writeLines(io, lines);
    expect(parts.join('')).toBe(`${lines.join('\n')}\n`);
    expect(parts.length).toBeGreaterThan(5);
    for (const part of parts) expect(part.length).toBeLessThan(64 * 1024 + 100);
  });

  it('write nothing for nothing', async () => {
    const { io, parts } = collecting();
    await writePieces(io, []);
    expect(parts).toEqual([]);
  });

  it('write each part only once stdout took the one before (a reader slower than the command)', async () => {
    const { io, parts } = collecting();
    const log: string[] = [];
    let release: (() => void) | undefined;
    io.stdout = (text) => {
      parts.push(text);
      log.push(`write ${parts.length}`);
    };
    io.drained = () =>
      new Promise<void>((resolve) => {
        log.push('wait');
        release = resolve;
      });
    const lines = Array.from({ length: 20_000 }, (_, i) => `line ${i} ${'x'.repeat(20)}`);
    const done = writeLines(io, lines);
    // Until the reader takes the first part, nothing more is written.
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(log).toEqual(['write 1', 'wait']);
    while (log.at(-1) === 'wait' && release) {
      const next = release;
      release = undefined;
      next();
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
    await done;
    expect(parts.join('')).toBe(`${lines.join('\n')}\n`);
    expect(log.filter((l) => l === 'wait')).toHaveLength(parts.length);
  });
});

describe('tableLines', () => {
  it('pads each column to its widest cell plus three, the header folded in, the last column unpadded', () => {
    const lines = [
      ...tableLines(['NAME', 'STATUS', 'NOTE'], () => [
        ['a', 'Running', 'x'],
        ['longer-name', 'Error\n  exit 1', ''],
      ]),
    ];
    expect(lines).toEqual([
      'NAME          STATUS         NOTE',
      'a             Running        x',
      'longer-name   Error exit 1',
    ]);
  });

  it('lays out a million-row table (a month of restarts) from rows read twice, none held', () => {
    let passes = 0;
    function* rows(): Generator<string[]> {
      passes++;
      for (let i = 0; i < 1_000_000; i++) {
        yield i === 654_321 ? ['the-widest-pod-name-of-all', '0'] : [`pod-${i}`, String(i % 7)];
      }
    }
    let count = 0;
    let first = '';
    for (const line of tableLines(['POD', 'EXIT'], rows)) {
      if (count === 0) first = line;
      count++;
    }
    expect(count).toBe(1_000_001);
    expect(passes).toBe(2);
    expect(first).toBe(`POD${' '.repeat('the-widest-pod-name-of-all'.length + 3 - 3)}EXIT`);
  });
});
