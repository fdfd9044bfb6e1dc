import { existsSync } from 'node:fs';
import Database from 'better-sqlite3';
import { KubetrailError } from './errors.ts';
import { loadMigrations, migrate, pendingMigrations } from './migrate.ts';

export type OpenOptions = {
  readonly?: boolean;
  /** Only for the writer: create the file when missing. */
  create?: boolean;
  now?: () => number;
  /** Only for the writer: its SQLite page cache (8 MB, the recorder's, when absent). */
  pageCacheBytes?: number;
};

const recorderPageCacheBytes = 8 * 1024 * 1024;

/**
 * Opens the log database. The writer sets WAL (and checks that it took: WAL is what lets the
 * API read while the collector writes) and applies migrations; readers open read-only.
 */
export function openDatabase(
  path: string,
  {
    readonly = false,
    create = !readonly,
    now = Date.now,
    pageCacheBytes = recorderPageCacheBytes,
  }: OpenOptions = {},
) {
  if (!existsSync(path) && (readonly || !create)) {
    throw new KubetrailError(
      'not-found',
      `no kubetrail database at ${path} (record or import something first, or pass --db)`,
    );
  }
  const db = new Database(path, { readonly, fileMustExist: readonly || !create });
  db.pragma('busy_timeout = 5000');
  if (!readonly) {
    const mode = db.pragma('journal_mode = WAL', { simple: true });
    if (mode !== 'wal') {
      db.close();
      throw new KubetrailError(
        'storage',
        `could not switch ${path} to WAL journal mode (got ${String(mode)})`,
      );
    }
    db.pragma('synchronous = NORMAL');
    // The writer's working set is the indexes' hot pages. On a busy cluster of thousands of pods it
    // is far larger than any cache a recorder can afford, and the OS page cache holds it anyway:
    // 8 MB keeps the pages every append touches (interior pages, the log's end). A one-off bulk
    // writer (an import) affords more, and its one long transaction then spills fewer pages.
    db.pragma(`cache_size = -${Math.max(1, Math.floor(pageCacheBytes / 1024))}`);
    // Checkpoint the WAL every 32 MB rather than 4 MB: each checkpoint syncs, and a page the
    // projection rewrites often (an index's hot leaf) is copied into the database once, not each time.
    db.pragma('wal_autocheckpoint = 8192');
    db.pragma('temp_store = MEMORY');
    db.pragma('foreign_keys = ON');
    const result = migrate(db, loadMigrations(), now);
    if (!result.success) {
      db.close();
      throw new KubetrailError('storage', `${path}: ${result.reason}`);
    }
  } else {
    // Queries over a long history read thousands of pages (a namespace at an instant, the viewer's
    // 2,000 lanes): a reader keeps 64 MB of them, filled only as far as queries reach.
    db.pragma('cache_size = -65536');
    const hasLog = db
      .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'log_entries'`)
      .get();
    if (!hasLog) {
      db.close();
      throw new KubetrailError('storage', `${path} is not a kubetrail database (no log table)`);
    }
    // Queries read the schema this code migrates to; a reader cannot migrate, a writer will.
    const pending = pendingMigrations(db, loadMigrations());
    if (pending.length > 0) {
      db.close();
      throw new KubetrailError(
        'storage',
        `${path} was written by an older kubetrail and lacks migrations ${pending.join(', ')}: open it for writing once (kubetrail record, import, compact or run) to apply them`,
      );
    }
  }
  return db;
}
