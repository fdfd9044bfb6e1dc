import type Database from 'better-sqlite3';

/** A filter's condition, used when the filter has that key (its value binds as `@key`). */
export type Clause<F> = readonly [key: keyof F & string, condition: string];

/**
 * One prepared statement per combination of the filters present, so that SQLite plans each with
 * the index that fits it: an `(@x IS NULL OR col = @x)` condition would hide the namespace, pod
 * and time indexes from the planner, which then scans whole tables once the log is large.
 * `sql` makes the statement from the conditions in use; `extra` binds what it adds (a limit).
 * Gives the statement and its parameters (to read the rows one at a time).
 */
export function createShapedStatement<F extends object, R>(
  db: Database.Database,
  clauses: readonly Clause<F>[],
  sql: (conditions: readonly string[]) => string,
): (
  filter: F,
  extra?: Record<string, unknown>,
) => { statement: Database.Statement<Record<string, unknown>, R>; params: Record<string, unknown> } {
  const statements = new Map<string, Database.Statement<Record<string, unknown>, R>>();
  return (filter, extra = {}) => {
    const used = clauses.filter(([key]) => filter[key] !== undefined);
    const shape = used.map(([key]) => key).join(',');
    let statement = statements.get(shape);
    if (!statement) {
      statement = db.prepare<Record<string, unknown>, R>(sql(used.map(([, condition]) => condition)));
      statements.set(shape, statement);
    }
    const params: Record<string, unknown> = { ...extra };
    for (const [key] of used) params[key] = filter[key];
    return { statement, params };
  };
}

/** `createShapedStatement`, its rows all read at once. */
export function createShapedQuery<F extends object, R>(
  db: Database.Database,
  clauses: readonly Clause<F>[],
  sql: (conditions: readonly string[]) => string,
): (filter: F, extra?: Record<string, unknown>) => R[] {
  const statementFor = createShapedStatement<F, R>(db, clauses, sql);
  return (filter, extra) => {
    const { statement, params } = statementFor(filter, extra);
    return statement.all(params);
  };
}

/** `WHERE a AND b`, or nothing. */
export const whereAll = (conditions: readonly string[]): string =>
  conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
