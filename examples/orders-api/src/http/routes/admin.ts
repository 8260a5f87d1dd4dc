import type { WritableRevocationStore } from '@entra-guard/core';
import { requireAuth, requireUserRoles } from '@entra-guard/express';
import { Router } from 'express';
import { ADMIN_ROLE } from '../access.js';
import { principalHash, type Audit } from '../audit.js';
import { sendProblem } from '../problem.js';
import { declaresJson, parseRevocation } from '../validation.js';

/**
 * POST /api/admin/revocations `{ objectId }` (user role Orders.Admin): every token of that user
 * of the admin's own tenant issued before now is refused from the next request on.
 */
export function adminRouter(revocations: WritableRevocationStore, audit: Audit | undefined): Router {
  const router = Router();
  router.post('/admin/revocations', requireUserRoles(ADMIN_ROLE), async (req, res) => {
    if (!declaresJson(req)) return sendProblem(res, 'ORDERS_UNSUPPORTED_MEDIA_TYPE');
    const input = parseRevocation(req.body);
    if (!input.ok) return sendProblem(res, 'ORDERS_VALIDATION_FAILED', input.errors);
    const p = requireAuth(req);
    const at = Math.floor(Date.now() / 1000);
    // The tenant is the admin's, from the token: an admin cannot revoke users of another tenant.
    try {
      await revocations.revokeUser(p.tenantId, input.value.objectId, at);
    } catch {
      // The shared store (Redis) is unreachable: say so, so the admin retries, rather than 500.
      res.setHeader('retry-after', '5');
      return sendProblem(res, 'ORDERS_REVOCATION_UNAVAILABLE');
    }
    audit?.record(req, { event: 'revocation', decision: 'allow', target: principalHash(p.tenantId, input.value.objectId) }, 'user tokens revoked');
    res.status(201).json({ tenantId: p.tenantId, objectId: input.value.objectId, tokensIssuedBefore: new Date(at * 1000).toISOString() });
  });
  return router;
}
