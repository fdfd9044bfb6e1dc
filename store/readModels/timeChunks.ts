/**
 * The log's positions in runs of this many, each with its range of observation times per cluster
 * (`log_time_chunks`, migration 0012, which spells the same size in SQL). Small enough that a look
 * inside one run is a millisecond, large enough that the runs of 10 million entries are few.
 */
export const timeChunkSize = 1024;

/** The run a position belongs to (a division, not a shift: positions may pass 2^31). */
export const timeChunkOf = (position: number): number => Math.floor(position / timeChunkSize);
