// Observations waiting to be written, oldest first. While the log cannot be written (another
// process holds its lock: a retention run can hold it for minutes) a busy cluster keeps sending
// changes; held as parsed objects each costs about 14 KB of heap, so a few minutes would take a
// recorder far past its memory. Beyond a bound they move to a file beside the log, as text, and
// come back in order once the log is free.
import { randomUUID } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import type { NewEntry } from '../store/index.ts';

export type HeldObservationsOptions = {
  /** Observations kept in memory before `spillIfOver` moves them to the file. */
  maxInMemory: number;
  /** Where the file goes: the log's own directory (a disk; a tmpfs would count as memory). */
  spillDir: string;
  /** Names the file uniquely among recorders of the same log directory. */
  spillName?: string;
  /**
   * The most taken back from the file at once: each is parsed again and lives until its part is
   * written, so parts smaller than a batch keep the recorder's peak down while it catches up.
   */
  maxFromFile?: number;
};

/** What the file keeps of an entry besides its text: a small JSON header. */
type SpilledHeader = Omit<NewEntry, 'object' | 'text'>;

type SpillFile = {
  fd: number;
  /**
   * Byte lengths of each spilled entry's header and text, in turn (two numbers an entry); the
   * first `read` entries are already taken back. Known lengths frame the records: the text is
   * kept as is, not escaped into the header.
   */
  lengths: number[];
  read: number;
  readOffset: number;
  writeOffset: number;
};

export function createHeldObservations({
  maxInMemory,
  spillDir,
  spillName = `held-${process.pid}`,
  maxFromFile = 250,
}: HeldObservationsOptions) {
  let memory: NewEntry[] = [];
  let spill: SpillFile | undefined;
  let spilledEver = 0;

  const spilled = (): number => (spill ? spill.lengths.length / 2 - spill.read : 0);

  /**
   * The file is unlinked as soon as it is open: the recorder's descriptor keeps it alive, and a
   * crash leaves nothing behind (what was held then is watched again from the last checkpoint, as
   * when it was held in memory).
   */
  function openSpill(): SpillFile {
    const path = join(spillDir, `.kubetrail-${spillName}-${randomUUID()}.held`);
    const fd = openSync(path, 'wx+', 0o600);
    unlinkSync(path);
    return { fd, lengths: [], read: 0, readOffset: 0, writeOffset: 0 };
  }

  /**
   * One buffer serves every write to the file and every read from it, grown to the largest need:
   * a fresh buffer of megabytes for each part would churn the allocator, and a recorder's RSS
   * grows with what the allocator keeps, not with what it uses.
   */
  let scratch = Buffer.alloc(0);
  function ensureScratch(bytes: number): void {
    if (bytes > scratch.length) scratch = Buffer.allocUnsafe(Math.max(bytes, scratch.length * 2, 1 << 20));
  }

  return {
    /** Everything held: on file and in memory. */
    size: (): number => spilled() + memory.length,
    spilled,
    /** How many observations have gone to the file since this was created. */
    spilledEver: (): number => spilledEver,
    push(entries: readonly NewEntry[]): void {
      for (const entry of entries) memory.push(entry);
    },
    /**
     * Moves every observation in memory to the file once more than `maxInMemory` are there. If the
     * file cannot be written (a full disk) it throws, and every observation is still held.
     */
    spillIfOver(): number {
      if (memory.length <= maxInMemory) return 0;
      spill ??= openSpill();
      const file = spill;
      const lengths: number[] = [];
      let written = 0;
      let used = 0;
      const writeOut = () => {
        for (let done = 0; done < used; ) {
          done += writeSync(file.fd, scratch, done, used - done, file.writeOffset + written + done);
        }
        written += used;
        used = 0;
      };
      for (const entry of memory) {
        const { object, text, ...rest } = entry;
        const header = JSON.stringify(rest);
        // The text the writer would store: the object's own, else its serialisation.
        const body = text ?? JSON.stringify(object);
        const headerBytes = Buffer.byteLength(header);
        const bodyBytes = Buffer.byteLength(body);
        if (used + headerBytes + bodyBytes > scratch.length && used > 0) writeOut();
        ensureScratch(headerBytes + bodyBytes);
        used += scratch.write(header, used);
        used += scratch.write(body, used);
        lengths.push(headerBytes, bodyBytes);
      }
      writeOut();
      // Counted only once written: a failed write leaves the file's records as they were.
      file.writeOffset += written;
      for (const n of lengths) file.lengths.push(n);
      const moved = memory.length;
      spilledEver += moved;
      memory = [];
      return moved;
    },
    /**
     * The oldest observations, at most `limit` (and `maxFromFile`), still held until `drop`: from
     * the file while it holds any (the ones in memory came later), so a part never mixes the two.
     */
    peek(limit: number): NewEntry[] {
      const file = spill;
      if (!file || spilled() === 0) return memory.slice(0, limit);
      const count = Math.min(limit, maxFromFile, spilled());
      const lengths = file.lengths.slice(file.read * 2, (file.read + count) * 2);
      const bytes = lengths.reduce((sum, n) => sum + n, 0);
      ensureScratch(bytes);
      let got = 0;
      while (got < bytes) {
        const n = readSync(file.fd, scratch, got, bytes - got, file.readOffset + got);
        if (n === 0) throw new Error('the file of held observations ended early');
        got += n;
      }
      const entries: NewEntry[] = [];
      let start = 0;
      for (let i = 0; i < count; i++) {
        const textStart = start + (lengths[2 * i] as number);
        const end = textStart + (lengths[2 * i + 1] as number);
        const header = JSON.parse(scratch.toString('utf8', start, textStart)) as SpilledHeader;
        const text = scratch.toString('utf8', textStart, end);
        entries.push({ ...header, object: JSON.parse(text) as NewEntry['object'], text });
        start = end;
      }
      return entries;
    },
    /** Forgets the oldest `count` (written): exactly what the last `peek` returned, or fewer. */
    drop(count: number): void {
      const file = spill;
      if (!file || spilled() === 0) {
        memory = memory.slice(count);
        return;
      }
      for (let i = file.read * 2; i < (file.read + count) * 2; i++)
        file.readOffset += file.lengths[i] as number;
      file.read += count;
      if (file.read * 2 === file.lengths.length) {
        // All taken back: the file starts over empty (its descriptor is reused next time).
        ftruncateSync(file.fd, 0);
        file.lengths = [];
        file.read = 0;
        file.readOffset = 0;
        file.writeOffset = 0;
      }
    },
    /** Closes the file: whatever it still holds is gone with it. */
    close(): void {
      if (spill) closeSync(spill.fd);
      spill = undefined;
      scratch = Buffer.alloc(0);
    },
  };
}

export type HeldObservations = ReturnType<typeof createHeldObservations>;
