// Audit events: entra-guard publishes every decision on node:diagnostics_channel (see
// docs/events.md); this turns them into pino lines with the decision, the reason code, the
// tenant, the client id and a hash of the caller's object id. Never the token, never a raw oid.
//
// Channels are process-wide and the events carry no request, so an AsyncLocalStorage set around
// each API request tells the subscriber which app's logger (and which request) an event belongs to.
import { AsyncLocalStorage } from 'node:async_hooks';
import { createHash } from 'node:crypto';
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  CHANNELS,
  type AuthenticatedEvent,
  type KeysFailedEvent,
  type KeysRefreshedEvent,
  type Principal,
  type RejectedEvent,
} from '@entra-guard/core';
import { requireAuth } from '@entra-guard/express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** SHA-256 of `tenantId:objectId`, hex, 32 characters: the same hash core puts in its events. */
export function principalHash(tenantId: string, objectId: string): string {
  return createHash('sha256').update(`${tenantId}:${objectId}`).digest('hex').slice(0, 32);
}

/** The identifying fields of an audit line for a principal. */
export function auditIdentity(p: Principal): { tid: string; clientId: string; kind: Principal['kind']; principal: string } {
  return { tid: p.tenantId, clientId: p.clientId, kind: p.kind, principal: principalHash(p.tenantId, p.objectId ?? `client:${p.clientId}`) };
}

interface RequestScope {
  readonly audit: Audit;
  readonly requestId: unknown;
  principal: Principal | undefined;
}

const scopes = new AsyncLocalStorage<RequestScope>();
const audits = new Set<Audit>();

function onAuthenticated(message: unknown): void {
  const e = message as AuthenticatedEvent;
  const scope = scopes.getStore();
  scope?.audit.log.info({ event: 'authenticated', decision: 'allow', reqId: scope.requestId, tid: e.tenantId, clientId: e.clientId, kind: e.kind, principal: e.principalHash, tokenVersion: e.tokenVersion, durationMs: round(e.durationMs) }, 'token accepted');
}

function onRejected(message: unknown): void {
  const e = message as RejectedEvent;
  const scope = scopes.getStore();
  if (scope === undefined) return;
  // A refusal after authentication (a policy) knows who was refused; one before it does not.
  const who = scope.principal === undefined ? {} : auditIdentity(scope.principal);
  scope.audit.log.warn({ event: 'rejected', decision: 'deny', reqId: scope.requestId, code: e.code, check: e.check, status: e.status, ...who, durationMs: round(e.durationMs) }, 'request refused');
}

function forAuthority(authority: string, log: (audit: Audit) => void): void {
  for (const audit of audits) if (authority.startsWith(audit.authorityHost)) log(audit);
}

function onKeysRefreshed(message: unknown): void {
  const e = message as KeysRefreshedEvent;
  forAuthority(e.authority, (a) => a.log.info({ event: 'keys-refreshed', authority: e.authority, reason: e.reason, keyCount: e.keyCount, added: e.added, removed: e.removed }, 'signing keys refreshed'));
}

function onKeysFailed(message: unknown): void {
  const e = message as KeysFailedEvent;
  forAuthority(e.authority, (a) => a.log.warn({ event: 'keys-failed', authority: e.authority, reason: e.reason, error: e.error, cold: e.cold }, 'signing keys could not be fetched'));
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}

const SUBSCRIPTIONS: readonly [string, (message: unknown) => void][] = [
  [CHANNELS.authenticated, onAuthenticated],
  [CHANNELS.rejected, onRejected],
  [CHANNELS.keysRefreshed, onKeysRefreshed],
  [CHANNELS.keysFailed, onKeysFailed],
];

/** An app's audit log. Create one per app; `close()` when the app stops. */
export interface Audit {
  readonly log: Logger;
  readonly authorityHost: string;
  /** Runs the rest of the request inside its audit scope (mount right before `entraAuth()`). */
  readonly scope: (req: Request, res: Response, next: NextFunction) => void;
  /** Records the authenticated caller on the scope (mount right after `entraAuth()`). */
  readonly identify: (req: Request, res: Response, next: NextFunction) => void;
  /** An application-level audit line (ownership refusals, revocations), with the caller's identity. */
  record(req: Request, fields: Record<string, unknown>, message: string): void;
  close(): void;
}

export function createAudit(logger: Logger, authorityHost: string): Audit {
  const log = logger.child({ component: 'audit' });
  const audit: Audit = {
    log,
    authorityHost,
    scope(req, _res, next) {
      scopes.run({ audit, requestId: req.id, principal: undefined }, next);
    },
    identify(req, _res, next) {
      const scope = scopes.getStore();
      if (scope !== undefined) scope.principal = requireAuth(req);
      next();
    },
    record(req, fields, message) {
      let who = {};
      try {
        who = auditIdentity(requireAuth(req));
      } catch {
        // An anonymous request: no identity to record.
      }
      const line = { reqId: req.id, ...who, ...fields };
      if (fields.decision === 'deny') log.warn(line, message);
      else log.info(line, message);
    },
    close() {
      if (!audits.delete(audit)) return;
      if (audits.size === 0) for (const [name, fn] of SUBSCRIPTIONS) unsubscribe(name, fn);
    },
  };
  if (audits.size === 0) for (const [name, fn] of SUBSCRIPTIONS) subscribe(name, fn);
  audits.add(audit);
  return audit;
}
