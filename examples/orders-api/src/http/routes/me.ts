import { requireAuth } from '@entra-guard/express';
import { Router } from 'express';

/** GET /api/me: who the API thinks the caller is (identifiers and permissions; no personal data). */
export function meRouter(): Router {
  const router = Router();
  router.get('/me', (req, res) => {
    const p = requireAuth(req);
    res.json({
      kind: p.kind,
      tenantId: p.tenantId,
      objectId: p.objectId ?? null,
      clientId: p.clientId,
      isGuest: p.isGuest,
      scopes: [...p.scopes].sort(),
      roles: [...p.roles].sort(),
      authContexts: [...p.authContexts].sort(),
      tokenVersion: p.tokenVersion,
      expiresAt: new Date(p.expiresAt * 1000).toISOString(),
    });
  });
  return router;
}
