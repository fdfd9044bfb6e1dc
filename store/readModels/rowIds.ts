// Ids of the read-model rows an entry derives (transitions, restarts, CrashLoopBackOff episodes,
// Event occurrences): the entry's position times `rowsPerEntry`, plus the row's index among that
// entry's rows of the table. They are a function of the log alone, like every other column, so the
// rows of one object can be projected again on their own (retention does, for the objects that
// span its cut) and come out with the ids, and the order among equal times, of a full rebuild.
// Rows projected before ids were derived keep their smaller ids, which still follow log order.

import { restartRowBudget } from '../../projector/index.ts';

/**
 * Rows an entry may derive in one table: the projector caps restarts at this, and an object small
 * enough for the API server has far fewer containers and conditions. Positions stay below 2^37,
 * so ids stay safe integers.
 */
export const rowsPerEntry = restartRowBudget;

export const rowIdOf = (position: number, index: number): number => position * rowsPerEntry + index;

/** The ids an entry's rows may take: [first, last]. */
export const rowIdsOf = (position: number): [number, number] => [
  position * rowsPerEntry,
  position * rowsPerEntry + rowsPerEntry - 1,
];

/** True when a row's id is the one derived from its entry (false for a row projected before). */
export const isDerivedRowId = (id: number, position: number): boolean =>
  Math.floor(id / rowsPerEntry) === position;
