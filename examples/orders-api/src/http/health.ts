// Probes. /healthz: the process is up (no dependencies, so a database outage does not get the
// pod restarted). /readyz: signing keys loaded, database reachable (and Redis when configured),
// and not shutting down — the load balancer's signal to send traffic.
import type { EntraGuard } from '@entra-guard/core';
import { Router } from 'express';
import type { Database } from '../db/database.js';

export interface HealthDeps {
  readonly guard: EntraGuard;
  readonly db: Database;
  /** Extra named checks, e.g. Redis. Each resolves when healthy. */
  readonly checks?: Readonly<Record<string, () => Promise<unknown>>>;
  readonly isDraining: () => boolean;
  /** Per-check timeout. Default 2 000 ms. */
  readonly timeoutMs?: number;
}

type CheckState = 'ok' | 'unavailable' | 'timeout';

function within(promise: Promise<unknown>, ms: number): Promise<CheckState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<CheckState>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), ms);
  });
  const outcome = promise.then(
    () => 'ok' as const,
    () => 'unavailable' as const,
  );
  return Promise.race([outcome, timeout]).finally(() => clearTimeout(timer));
}

export function healthRouter(deps: HealthDeps): Router {
  const router = Router();
  const timeoutMs = deps.timeoutMs ?? 2_000;
  router.get('/healthz', (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    res.setHeader('cache-control', 'no-store');
    if (deps.isDraining()) {
      res.status(503).setHeader('retry-after', '5');
      res.json({ status: 'draining' });
      return;
    }
    const named: Record<string, () => Promise<unknown>> = { keys: () => deps.guard.ready(), database: () => deps.db.ping(), ...deps.checks };
    const names = Object.keys(named);
    const states = await Promise.all(names.map((name) => within(Promise.resolve().then(named[name]), timeoutMs)));
    const checks = Object.fromEntries(names.map((name, i) => [name, states[i]]));
    const ready = states.every((s) => s === 'ok');
    if (!ready) res.status(503).setHeader('retry-after', '5');
    res.json({ status: ready ? 'ready' : 'not-ready', checks });
  });
  return router;
}
