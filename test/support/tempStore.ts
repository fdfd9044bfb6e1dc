import { type GenerateOptions, generateTimedWatchStream } from '../../bench/generate.ts';
import { toNewEntry } from '../../bench/ingest.ts';
import { openStore, type Store } from '../../store/index.ts';
import { tempDir } from './tempDb.ts';

/** A store on a fresh file in its own directory; `cleanup` closes it and removes the directory. */
export function tempStore(name = 'test.db'): { store: Store; cleanup: () => void } {
  const t = tempDir();
  const store = openStore(t.path(name));
  return {
    store,
    cleanup: () => {
      store.close();
      t.cleanup();
    },
  };
}

/** A temp store holding a generated watch stream, appended as `kubetrail import` appends it. */
export function tempStoreOfStream(
  name: string,
  stream: GenerateOptions,
  cluster = 'c1',
): { store: Store; cleanup: () => void } {
  const temp = tempStore(name);
  temp.store.writer?.append([...generateTimedWatchStream(stream)].map((line) => toNewEntry(line, cluster)));
  return temp;
}

/** Counts the log entries read back (decoded) from `store` from now on: `n`, which a test may reset. */
export function countDecodes(store: Store): { n: number } {
  const counter = { n: 0 };
  const entry = store.reader.entry;
  store.reader.entry = (position) => {
    counter.n++;
    return entry(position);
  };
  return counter;
}
