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
