import type { EmulatorContext } from './context.js';
import { approveDeviceCode } from './endpoints/devicecode.js';
import { EntraError } from './errors/entra-error.js';
import { isAadstsName } from './errors/aadsts.js';
import type { EmulatorRequest } from './http/request.js';
import { jsonReply, textReply, type Reply } from './http/reply.js';
import { listKeys, publicDirectory, reset, revoke, type RevokeInput } from './operations.js';
import type { FaultSpec } from './state/faults.js';
import type { EmulatorConfig } from './tenants/config-types.js';
import { MintError, mintToken, type MintOptions } from './tokens/mint.js';

/** Prefix of the emulator-only surface; tenant segments never start with `_`. */
export const TEST_API_PREFIX = '/_emulator';

function bad(message: string): Reply {
  return jsonReply(400, { error: 'invalid_request', error_description: message });
}

function body(req: EmulatorRequest): Record<string, unknown> {
  const value = req.json ?? req.form;
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function faultFrom(input: Record<string, unknown>): FaultSpec | string {
  if (input.aadsts !== undefined && (typeof input.aadsts !== 'string' || !isAadstsName(input.aadsts))) return `unknown AADSTS table entry ${String(input.aadsts)}`;
  if (input.status !== undefined && (!Number.isInteger(input.status) || (input.status as number) < 200 || (input.status as number) > 599)) return 'status must be an HTTP status code';
  return input as FaultSpec;
}

function revokeFrom(input: Record<string, unknown>): RevokeInput | undefined {
  if (typeof input.refreshToken === 'string') return { refreshToken: input.refreshToken };
  if (typeof input.user === 'string') return typeof input.tenant === 'string' ? { user: input.user, tenant: input.tenant } : { user: input.user };
  return undefined;
}

type Route = (ctx: EmulatorContext, req: EmulatorRequest, config: EmulatorConfig) => Reply | Promise<Reply>;

const ROUTES: Readonly<Record<string, Route>> = {
  'GET /health': (ctx) => jsonReply(200, { status: 'ok', origin: ctx.urls.publicOrigin, localOrigin: ctx.urls.localOrigin, mode: ctx.options.mode, tenants: ctx.directory.tenants.map((t) => ({ id: t.id, domains: t.domains })) }),
  'GET /ca.pem': (ctx) => textReply(200, ctx.caPem, 'application/x-pem-file'),
  'POST /tokens': (ctx, req) => {
    try {
      return jsonReply(200, { token: mintToken(ctx, body(req) as MintOptions) });
    } catch (error) {
      if (error instanceof MintError) return bad(error.message);
      throw error;
    }
  },
  'GET /keys': (ctx, req) => jsonReply(200, { keys: listKeys(ctx, req.query.private === '1' || req.query.private === 'true') }),
  'POST /keys/rotate': async (ctx) => {
    await ctx.keys.rotate();
    return jsonReply(200, { keys: listKeys(ctx, false) });
  },
  'GET /clock': (ctx) => jsonReply(200, { offsetSeconds: ctx.clock.offsetSeconds, now: ctx.clock.nowSeconds() }),
  'POST /clock': (ctx, req) => {
    const b = body(req);
    const advance = b.advanceSeconds;
    const offset = typeof advance === 'number' ? ctx.clock.offsetSeconds + advance : b.offsetSeconds;
    if (typeof offset !== 'number' || !Number.isFinite(offset)) return bad('send {"offsetSeconds": n} or {"advanceSeconds": n}');
    ctx.clock.offsetSeconds = offset;
    return jsonReply(200, { offsetSeconds: ctx.clock.offsetSeconds, now: ctx.clock.nowSeconds() });
  },
  'GET /faults': (ctx) => jsonReply(200, { faults: ctx.faults.list() }),
  'POST /faults': (ctx, req) => {
    const spec = faultFrom(body(req));
    if (typeof spec === 'string') return bad(spec);
    return jsonReply(200, { id: ctx.faults.add(spec) });
  },
  'DELETE /faults': (ctx) => {
    ctx.faults.clear();
    return jsonReply(200, { faults: [] });
  },
  'POST /revoke': (ctx, req) => {
    const input = revokeFrom(body(req));
    if (input === undefined) return bad('send {"user": oid-or-sign-in-name, "tenant"?} or {"refreshToken": token}');
    return jsonReply(200, { revoked: revoke(ctx, input) });
  },
  'POST /devicecode/approve': (ctx, req) => {
    const b = body(req);
    if (typeof b.userCode !== 'string') return bad('send {"userCode", "user"} or {"userCode", "decline": true}');
    try {
      approveDeviceCode(ctx, { userCode: b.userCode, ...(typeof b.user === 'string' ? { user: b.user } : {}), decline: b.decline === true });
    } catch (error) {
      if (error instanceof EntraError) return bad(`AADSTS${error.entry.code}: ${error.message}`);
      throw error;
    }
    return jsonReply(200, { approved: b.decline !== true });
  },
  'GET /requests': (ctx, req) => jsonReply(200, { requests: ctx.log.list({ ...(req.query.path === undefined ? {} : { pathPrefix: req.query.path }), ...(req.query.method === undefined ? {} : { method: req.query.method }) }) }),
  'DELETE /requests': (ctx) => {
    ctx.log.clear();
    return jsonReply(200, { requests: [] });
  },
  'POST /reset': (ctx, _req, config) => {
    reset(ctx, config);
    return jsonReply(200, { status: 'reset' });
  },
  'GET /directory': (_ctx, _req, config) => jsonReply(200, publicDirectory(config)),
};

/**
 * The `/_emulator` surface (spec §6): mint, keys, clock, faults, revoke, device-code approval,
 * request log, reset. JSON in and out; form bodies are accepted too, for curl.
 */
export async function testApi(ctx: EmulatorContext, req: EmulatorRequest, config: EmulatorConfig): Promise<Reply> {
  const route = ROUTES[`${req.method} ${req.path.slice(TEST_API_PREFIX.length)}`];
  if (route === undefined) return jsonReply(404, { error: 'not_found', error_description: `no emulator route ${req.method} ${req.path}`, routes: Object.keys(ROUTES) });
  return route(ctx, req, config);
}
