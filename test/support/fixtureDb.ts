import { importFiles } from '../../collector/index.ts';
import { openStore, type Store } from '../../store/index.ts';
import { tempDir } from './tempDb.ts';

export const fixturePath = (name: string) => new URL(`../fixtures/${name}.ndjson`, import.meta.url).pathname;

/** A database holding the given fixtures (imported in order), and its cleanup. */
export function fixtureDb(...names: string[]): { store: Store; path: string; cleanup: () => void } {
  const t = tempDir();
  const path = t.path('fixtures.db');
  const store = openStore(path);
  importFiles(store.writer!, names.map(fixturePath), {
    cluster: 'default',
    now: () => Date.parse('2026-01-03T00:00:00Z'),
  });
  return {
    store,
    path,
    cleanup: () => {
      store.close();
      t.cleanup();
    },
  };
}

/**
 * The API fixtures' story (test/fixtures/api): the shop recorded as cluster "default" and the
 * staging namespace as cluster "staging", and its cleanup.
 */
export function apiStoryDb(): { store: Store; cleanup: () => void } {
  const t = tempDir();
  const store = openStore(t.path('k.db'), { now: () => 0 });
  const story = (name: string) => new URL(`../fixtures/api/${name}.ndjson`, import.meta.url).pathname;
  importFiles(store.writer!, [story('shop')], { cluster: 'default', now: () => 0 });
  importFiles(store.writer!, [story('staging')], { cluster: 'staging', now: () => 0 });
  return {
    store,
    cleanup: () => {
      store.close();
      t.cleanup();
    },
  };
}
