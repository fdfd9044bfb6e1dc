// A min-heap of timed actions ordered by (time, insertion order), so that actions due at the same
// instant run in the order they were scheduled: the simulation stays deterministic.

export type Timer = { cancel(): void };

type Entry = { at: number; seq: number; run: () => void; cancelled: boolean };

export type ActionQueue = {
  push(at: number, run: () => void): Timer;
  /** The time of the earliest live action, if any. */
  peekTime(): number | undefined;
  /** Removes and returns the earliest live action. */
  pop(): { at: number; run: () => void } | undefined;
  size(): number;
};

const before = (a: Entry, b: Entry): boolean => a.at < b.at || (a.at === b.at && a.seq < b.seq);

export const createActionQueue = (): ActionQueue => {
  const heap: Entry[] = [];
  let seq = 0;
  let live = 0;

  const swap = (i: number, j: number): void => {
    const t = heap[i]!;
    heap[i] = heap[j]!;
    heap[j] = t;
  };
  const up = (i: number): void => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i]!, heap[parent]!)) return;
      swap(i, parent);
      i = parent;
    }
  };
  const down = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && before(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && before(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      swap(i, m);
      i = m;
    }
  };
  const removeTop = (): Entry | undefined => {
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      down(0);
    }
    return top;
  };
  const dropCancelled = (): void => {
    while (heap.length > 0 && heap[0]!.cancelled) removeTop();
  };

  return {
    push(at, run) {
      const entry: Entry = { at, seq: seq++, run, cancelled: false };
      heap.push(entry);
      up(heap.length - 1);
      live += 1;
      return {
        cancel() {
          if (entry.cancelled) return;
          entry.cancelled = true;
          live -= 1;
        },
      };
    },
    peekTime() {
      dropCancelled();
      return heap[0]?.at;
    },
    pop() {
      dropCancelled();
      const top = removeTop();
      if (!top) return undefined;
      top.cancelled = true;
      live -= 1;
      return { at: top.at, run: top.run };
    },
    size: () => live,
  };
};
