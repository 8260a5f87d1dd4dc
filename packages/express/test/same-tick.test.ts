// entraAuth continues a request in the same tick when core answers synchronously (a held key,
// a cached token), waits when core has to (an asynchronous tenant predicate), and answers 500
// without detail whichever way a broken guard fails. Also: a guard without the synchronous
// variant (an older core) still works through authenticate().
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NextFunction, Request, Response } from 'express';
import { createEntraGuard, type EntraGuard, type Principal } from '@entra-guard/core';
import { entraAuth } from '../src/index.js';
import { bearer, createTestKeys, EXPRESS_MAJORS, expectRefused, listen, mint, send, T, type Listening, type TestKeys } from './support.js';

let keys: TestKeys;
const guards: EntraGuard[] = [];
beforeAll(async () => {
  keys = await createTestKeys();
});
afterAll(() => guards.forEach((g) => g.close()));

function newGuard(extra: Partial<Parameters<typeof createEntraGuard>[0]> = {}): EntraGuard {
  const g = createEntraGuard({ ...keys.guardOptions, ...extra });
  guards.push(g);
  return g;
}

describe.each(EXPRESS_MAJORS)('entraAuth timing on %s', (_name, express) => {
  const servers: Listening[] = [];
  afterAll(() => Promise.all(servers.map((s) => s.close())));

  // An app whose route says whether entraAuth called next() before it returned.
  async function serve(guard: EntraGuard): Promise<(token: string) => Promise<{ status: number; sameTick?: boolean }>> {
    const app = express();
    const auth = entraAuth(guard);
    app.use((req: Request, res: Response, next: NextFunction) => {
      let returned = false;
      auth(req, res, (err?: unknown) => {
        res.locals['sameTick'] = !returned;
        next(err);
      });
      returned = true;
    });
    app.get('/me', (_req, res) => {
      res.json({ sameTick: res.locals['sameTick'] });
    });
    const server = await listen(app);
    servers.push(server);
    return async (token) => {
      const res = await send(server.port, { path: '/me', headers: [bearer(token)] });
      return res.status === 200 ? { status: 200, sameTick: (res.json() as { sameTick: boolean }).sameTick } : { status: res.status };
    };
  }

  it('calls next() in the same tick for a first-seen token with a held key, and for a cached one', async () => {
    const request = await serve(newGuard());
    const token = mint(keys);
    expect(await request(token)).toEqual({ status: 200, sameTick: true });
    expect(await request(token)).toEqual({ status: 200, sameTick: true });
  });

  it('waits for an asynchronous tenant predicate, then continues in the same tick once it is decided', async () => {
    const request = await serve(newGuard({ tenancy: { mode: 'multi', allowedTenants: async (tid: string) => tid === T }, tokenCache: false }));
    expect(await request(mint(keys))).toEqual({ status: 200, sameTick: false });
    expect(await request(mint(keys))).toEqual({ status: 200, sameTick: true });
  });

  it('answers 500 without detail when a guard throws, rejects, or (an older core) only rejects', async () => {
    const real = newGuard();
    const failure = (): never => {
      throw new Error('secret internals at 10.0.0.7');
    };
    const broken = {
      'throws synchronously': { ...real, authenticateMaybeSync: failure },
      rejects: { ...real, authenticateMaybeSync: () => Promise.reject(new Error('secret internals at 10.0.0.7')) },
      'promise-only guard': { ...real, authenticateMaybeSync: undefined, authenticate: () => Promise.reject(new Error('secret internals at 10.0.0.7')) },
    };
    for (const [name, guard] of Object.entries(broken)) {
      const app = express();
      app.get('/me', entraAuth(guard as unknown as EntraGuard), (_req, res) => {
        res.json({ ok: true });
      });
      const server = await listen(app);
      servers.push(server);
      const res = await send(server.port, { path: '/me', headers: [bearer(mint(keys))] });
      expectRefused(res, { status: 500, error: null, code: 'EG_INTERNAL' });
      expect(res.text, name).not.toContain('secret');
    }
  });

  it('uses authenticate() of a guard without authenticateMaybeSync (an older core)', async () => {
    const real = newGuard();
    let calls = 0;
    const older = {
      ...real,
      authenticateMaybeSync: undefined,
      authenticate: (header: string | readonly string[] | undefined | null): Promise<Principal> => {
        calls += 1;
        return real.authenticate(header);
      },
    };
    const request = await serve(older as unknown as EntraGuard);
    expect(await request(mint(keys))).toEqual({ status: 200, sameTick: false });
    expect((await request('not-a-token')).status).toBe(401);
    expect(calls).toBe(2);
  });
});
