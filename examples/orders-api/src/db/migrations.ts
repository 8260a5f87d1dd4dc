// The schema, as ordered migrations. The same SQL runs on PGlite and on PostgreSQL; each
// migration runs once, inside the migration transaction, under an advisory lock so that several
// instances starting together against one database do not race.

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * The tenant of the current transaction, as the row-level-security policy reads it. Unset (or
 * empty) matches no row at all: a query outside `withTenant()` sees nothing.
 */
const CURRENT_TENANT = `NULLIF(current_setting('app.tenant_id', true), '')::uuid`;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'orders table',
    sql: `
      CREATE TABLE orders (
        id uuid PRIMARY KEY,
        tenant_id uuid NOT NULL,
        owner_oid uuid NOT NULL,
        item text NOT NULL CHECK (char_length(item) BETWEEN 1 AND 200),
        quantity integer NOT NULL CHECK (quantity BETWEEN 1 AND 1000),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX orders_tenant_owner_created ON orders (tenant_id, owner_oid, created_at DESC);
      CREATE INDEX orders_tenant_created ON orders (tenant_id, created_at DESC);
    `,
  },
  {
    version: 2,
    name: 'orders row-level security',
    // FORCE applies the policy to the table owner too (superusers and BYPASSRLS roles still
    // bypass it: database.ts switches those to an unprivileged role per transaction).
    sql: `
      ALTER TABLE orders ENABLE ROW LEVEL SECURITY;
      ALTER TABLE orders FORCE ROW LEVEL SECURITY;
      CREATE POLICY orders_tenant_isolation ON orders
        USING (tenant_id = ${CURRENT_TENANT})
        WITH CHECK (tenant_id = ${CURRENT_TENANT});
    `,
  },
];

/** Anything that runs SQL inside the migration transaction. */
export interface MigrationTarget {
  query<R extends object>(sql: string, params?: readonly unknown[]): Promise<readonly R[]>;
  exec(sql: string): Promise<void>;
}

/** Applies the missing migrations in order; returns the versions applied. */
export async function migrate(target: MigrationTarget, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await target.query(`SELECT pg_advisory_xact_lock(hashtext('orders-api:migrations'))`);
  await target.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const done = new Set((await target.query<{ version: number }>('SELECT version FROM schema_migrations')).map((row) => Number(row.version)));
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(migration.version)) continue;
    await target.exec(migration.sql);
    await target.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [migration.version, migration.name]);
    applied.push(migration.version);
  }
  return applied;
}
