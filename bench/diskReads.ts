// How much of a span of work waited for the disk, so that a point-read figure can be told apart
// from the VM's disk: the pages this process read from storage (not from the page cache, by the
// kernel's per-process accounting in /proc/self/io) and the wall time its main thread spent
// neither on a CPU nor waiting for one (/proc/self/task/<pid>/schedstat, in ns; the process's CPU
// time would count V8's garbage-collection threads too). Linux only. A synchronous read loop is
// off the CPU only while it waits for a read.
import { readFileSync } from 'node:fs';

/** What the process had read from storage, and its main thread had run or waited to run, at an instant. */
export type IoSample = { readBytes: number; scheduledMs: number; wallMs: number };

export type DiskReads = {
  /** 4 KB pages read from storage. */
  pages: number;
  /** Wall time the main thread spent off the CPU (and not queued for one), ms. */
  waitMs: number;
};

/** `read_bytes` of a /proc/<pid>/io text, or undefined when it has none. */
export const readBytesOf = (procIo: string): number | undefined => {
  const match = /^read_bytes:\s*(\d+)$/m.exec(procIo);
  return match ? Number(match[1]) : undefined;
};

/** Time on a CPU and waiting for one, ms, of a /proc/<pid>/task/<tid>/schedstat text. */
export const scheduledMsOf = (schedstat: string): number | undefined => {
  const [running, waiting] = schedstat.trim().split(/\s+/).map(Number);
  return Number.isFinite(running) && Number.isFinite(waiting)
    ? ((running as number) + (waiting as number)) / 1e6
    : undefined;
};

/** The disk reads and the wait between two samples of the same process. */
export const diskReadsBetween = (before: IoSample, after: IoSample): DiskReads => ({
  pages: Math.max(0, after.readBytes - before.readBytes) / 4096,
  waitMs: Math.max(0, after.wallMs - before.wallMs - (after.scheduledMs - before.scheduledMs)),
});

/** This process now, or undefined where the kernel does not account its reads. */
export const sampleIo = (): IoSample | undefined => {
  let io: string;
  let schedstat: string;
  try {
    io = readFileSync('/proc/self/io', 'utf8');
    schedstat = readFileSync(`/proc/self/task/${process.pid}/schedstat`, 'utf8');
  } catch {
    return undefined;
  }
  const readBytes = readBytesOf(io);
  const scheduledMs = scheduledMsOf(schedstat);
  if (readBytes === undefined || scheduledMs === undefined) return undefined;
  return { readBytes, scheduledMs, wallMs: performance.now() };
};
