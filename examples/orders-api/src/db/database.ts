// One small interface over embedded PostgreSQL (PGlite, the default) and a real PostgreSQL
// server (DATABASE_URL). Every data access goes through withTenant(), which opens a transaction,
// drops to a role that row-level security applies to, and sets the tenant for that transaction
// only, so a query that forgets its WHERE clause still cannot read or write another tenant's rows.
import { randomUUID } from 'node:crypto';
import type { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { isGuid } from '../config.js';
import { migrate, type MigrationTarget } from './migrations.js';
import { createPglite } from './pglite-template.js';

/** What code inside a tenant transaction may do. */
export interface Queryable {
  query<R extends object>(sql: string, params?: readonly unknown[]): Promise<readonly R[]>;
}

export interface Database {
  readonly engine: 'pglite' | 'postgres';
  /**
   * The role each tenant transaction runs as, when the connecting user would bypass row-level
   * security (a superuser, as PGlite always is, or a BYPASSRLS role). Undefined when the
   * connecting user is already subject to it (FORCE ROW LEVEL SECURITY covers the table owner).
   */
  readonly tenantRole: string | undefined;
  /** Runs `fn` in a transaction scoped to `tenantId` (a GUID): row-level security admits only that tenant's rows. */
  withTenant<T>(tenantId: string, fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Resolves when the database answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A database problem at start-up, with a message fit for the operator. */
export class DatabaseSetupError extends Error {
  override readonly name = 'DatabaseSetupError';
}

/** The unprivileged role tenant transactions switch to when the connecting user bypasses RLS. */
export const TENANT_ROLE = 'orders_api_tenant';

type Session = MigrationTarget;

interface Driver {
  readonly engine: Database['engine'];
  transaction<T>(fn: (s: Session) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

function pgliteDriver(db: PGlite): Driver {
  const session = (tx: Pick<PGlite, 'query' | 'exec'>): Session => ({
    query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await tx.query<R>(sql, [...params])).rows,
    exec: async (sql: string) => {
      await tx.exec(sql);
    },
  });
  return {
    engine: 'pglite',
    // PGlite has one connection and queues transactions, so each runs alone.
    transaction: (fn) => db.transaction((tx) => fn(session(tx))),
    close: () => db.close(),
  };
}

function postgresDriver(pool: pg.Pool): Driver {
  return {
    engine: 'postgres',
    async transaction<T>(fn: (s: Session) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      const session: Session = {
        query: async <R extends object>(sql: string, params: readonly unknown[] = []) => (await client.query<R>(sql, [...params])).rows,
        exec: async (sql: string) => {
          await client.query(sql);
        },
      };
      let broken = false;
      try {
        await client.query('BEGIN');
        const result = await fn(session);
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => {
          broken = true;
        });
        throw error;
      } finally {
        // A connection whose rollback failed is in an unknown state: discard it.
        client.release(broken);
      }
    },
    close: () => pool.end(),
  };
}

interface RoleFacts {
  readonly rolsuper: boolean;
  readonly rolbypassrls: boolean;
}

const DUPLICATE_OBJECT = '42710';
const UNIQUE_VIOLATION = '23505';

function sqlState(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Decides whether tenant transactions must switch role, and prepares that role. */
async function prepareTenantRole(driver: Driver): Promise<string | undefined> {
  return driver.transaction(async (s) => {
    // Instances starting together would race on the GRANTs below ("tuple concurrently
    // updated"): take the migrations' advisory lock for this transaction too.
    await s.query(`SELECT pg_advisory_xact_lock(hashtext('orders-api:migrations'))`);
    const [facts] = await s.query<RoleFacts>('SELECT rolsuper, rolbypassrls FROM pg_roles WHERE rolname = current_user');
    if (facts === undefined || (!facts.rolsuper && !facts.rolbypassrls)) return undefined;
    const exists = await s.query(`SELECT 1 FROM pg_roles WHERE rolname = $1`, [TENANT_ROLE]);
    if (exists.length === 0) {
      try {
        // A savepoint, so a concurrent instance creating the role first does not abort the transaction.
        await s.exec('SAVEPOINT create_role');
        await s.exec(`CREATE ROLE ${TENANT_ROLE} NOLOGIN NOSUPERUSER NOBYPASSRLS NOINHERIT`);
        await s.exec('RELEASE SAVEPOINT create_role');
      } catch (error) {
        const state = sqlState(error);
        if (state !== DUPLICATE_OBJECT && state !== UNIQUE_VIOLATION) {
          throw new DatabaseSetupError(
            `the database user bypasses row-level security (superuser or BYPASSRLS) and cannot create the role "${TENANT_ROLE}" to drop to; ` +
              `connect as a role without BYPASSRLS, or create "${TENANT_ROLE}" (NOLOGIN) and grant it to the connecting user`,
            { cause: error },
          );
        }
        await s.exec('ROLLBACK TO SAVEPOINT create_role');
      }
    }
    // Idempotent: a new database on a cluster where the role already exists still needs these.
    const [schema] = await s.query<{ name: string }>('SELECT current_schema() AS name');
    if (schema === undefined) throw new DatabaseSetupError('the connection has no current schema (check search_path)');
    await s.exec(`GRANT USAGE ON SCHEMA "${schema.name.replaceAll('"', '""')}" TO ${TENANT_ROLE}`);
    await s.exec(`GRANT SELECT, INSERT, UPDATE, DELETE ON orders TO ${TENANT_ROLE}`);
    return TENANT_ROLE;
  });
}

function databaseFor(driver: Driver, tenantRole: string | undefined): Database {
  return {
    engine: driver.engine,
    tenantRole,
    withTenant<T>(tenantId: string, fn: (q: Queryable) => Promise<T>): Promise<T> {
      // The tenant always comes from a validated token, which makes it a GUID; anything else is a bug.
      if (!isGuid(tenantId)) return Promise.reject(new TypeError('withTenant() needs a tenant GUID'));
      return driver.transaction(async (s) => {
        if (tenantRole !== undefined) await s.exec(`SET LOCAL ROLE ${tenantRole}`);
        // set_config(..., true) is SET LOCAL with a bound parameter: the setting ends with the transaction.
        await s.query(`SELECT set_config('app.tenant_id', $1, true)`, [tenantId.toLowerCase()]);
        return fn({ query: s.query });
      });
    },
    async ping(): Promise<void> {
      await driver.transaction((s) => s.query('SELECT 1'));
    },
    close: () => driver.close(),
  };
}

/** Refuses to start unless a tenant transaction really is subject to row-level security. */
async function verifyRowLevelSecurity(db: Database): Promise<void> {
  const [row] = await db.withTenant(randomUUID(), (q) =>
    q.query<{ active: boolean; superuser: string }>(`SELECT row_security_active('orders') AS active, current_setting('is_superuser') AS superuser`),
  );
  if (row?.active !== true || row.superuser !== 'off') {
    throw new DatabaseSetupError('row-level security is not in force for tenant transactions on "orders"; refusing to start');
  }
}

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; undefined opens an in-memory PGlite. */
  readonly databaseUrl?: string | undefined;
  /** Connections in the pool (PostgreSQL only). Default 10. */
  readonly poolSize?: number;
  /** Where PGlite's initdb template is cached; `false` disables the cache. Default node_modules/.cache/orders-api. */
  readonly pgliteTemplateDir?: string | false;
  /** Receives errors of idle pooled connections (PostgreSQL only). */
  readonly onIdleError?: (error: Error) => void;
}

/**
 * Opens the database, applies migrations, prepares the role tenant transactions run as and
 * proves row-level security is active. Throws DatabaseSetupError (or the driver's error) when
 * any of that fails.
 */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  let driver: Driver;
  if (options.databaseUrl === undefined) {
    driver = pgliteDriver(await createPglite(options.pgliteTemplateDir));
  } else {
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: options.poolSize ?? 10, connectionTimeoutMillis: 5_000 });
    pool.on('error', (error) => options.onIdleError?.(error));
    driver = postgresDriver(pool);
  }
  try {
    await driver.transaction((s) => migrate(s));
    const db = databaseFor(driver, await prepareTenantRole(driver));
    await verifyRowLevelSecurity(db);
    return db;
  } catch (error) {
    await driver.close().catch(() => undefined);
    throw error;
  }
}
