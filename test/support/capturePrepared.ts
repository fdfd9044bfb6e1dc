import type Database from 'better-sqlite3';

/** The database as queries see it, and the text of every statement they prepare (for their plans). */
export function capturePrepared(db: Database.Database): { db: Database.Database; prepared: string[] } {
  const prepared: string[] = [];
  const watched = new Proxy(db, {
    get: (target, key) =>
      key === 'prepare'
        ? (sql: string) => {
            prepared.push(sql);
            return target.prepare(sql);
          }
        : Reflect.get(target, key),
  });
  return { db: watched, prepared };
}
