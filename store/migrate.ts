import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type Database from 'better-sqlite3';
import { tables } from './tables.ts';

export const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url));

export type MigrationResult =
  | { success: true; applied: string[] }
  | { success: false; reason: string; applied: string[] };

type Migration = { name: string; sql: string };

export function loadMigrations(dir: string = migrationsDir): Migration[] {
  return readdirSync(dir)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((name) => ({ name, sql: readFileSync(`${dir}/${name}`, 'utf8') }));
}

/**
 * Applies pending migrations in name order, each in its own transaction, and records them.
 * Refuses (without throwing) when the database holds a migration this code does not know,
 * or when a pending one sorts before one already applied: the schema would be ambiguous.
 */
export function migrate(db: Database.Database, migrations: Migration[], now: () => number): MigrationResult {
  db.exec(
    `CREATE TABLE IF NOT EXISTS ${tables.migrations} (name TEXT PRIMARY KEY, applied_at INTEGER NOT NULL)`,
  );
  const done = db
    .prepare<[], { name: string }>(`SELECT name FROM ${tables.migrations} ORDER BY name`)
    .all()
    .map((row) => row.name);
  const known = new Set(migrations.map((m) => m.name));
  const unknown = done.filter((name) => !known.has(name));
  if (unknown.length > 0) {
    return {
      success: false,
      reason: `database has migrations this version of kubetrail does not know: ${unknown.join(', ')}`,
      applied: [],
    };
  }
  const last = done.at(-1);
  const pending = migrations.filter((m) => !done.includes(m.name));
  const outOfOrder = pending.filter((m) => last !== undefined && m.name < last);
  if (outOfOrder.length > 0) {
    return {
      success: false,
      reason: `migration ${outOfOrder[0]!.name} sorts before already applied ${last}: refusing out-of-order migration`,
      applied: [],
    };
  }
  const applied: string[] = [];
  const record = db.prepare(`INSERT INTO ${tables.migrations} (name, applied_at) VALUES (?, ?)`);
  for (const migration of pending) {
    // A migration that edits a table's text (SQLite's procedure for changing a CHECK constraint
    // without rewriting the table) needs the connection out of defensive mode, and the schema
    // version bumped so that every connection, this one's statements included, reads the new text.
    const editsSchemaText = /PRAGMA\s+writable_schema\s*=\s*ON/i.test(migration.sql);
    try {
      if (editsSchemaText) db.unsafeMode(true);
      db.transaction(() => {
        db.exec(migration.sql);
        if (editsSchemaText) {
          const version = Number(db.pragma('schema_version', { simple: true }));
          db.pragma(`schema_version = ${version + 1}`);
        }
        record.run(migration.name, now());
      })();
    } catch (error) {
      return {
        success: false,
        reason: `migration ${migration.name} failed: ${(error as Error).message}`,
        applied,
      };
    } finally {
      if (editsSchemaText) db.unsafeMode(false);
    }
    applied.push(migration.name);
  }
  return { success: true, applied };
}

/**
 * The migrations this code has that the database has not applied (a read-only open cannot apply
 * them). A database without the migrations table at all has every one pending.
 */
export function pendingMigrations(db: Database.Database, migrations: Migration[]): string[] {
  const table = db
    .prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '${tables.migrations}'`)
    .get();
  const done = new Set(
    table
      ? db
          .prepare<[], { name: string }>(`SELECT name FROM ${tables.migrations}`)
          .all()
          .map((row) => row.name)
      : [],
  );
  return migrations.map((m) => m.name).filter((name) => !done.has(name));
}
