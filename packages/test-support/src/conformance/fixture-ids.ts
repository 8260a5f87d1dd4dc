// The conformance world's fixed identifiers and values: tenants, clients, object ids, epoch, markers.
import { TEST_API_CLIENT_ID, TEST_APP_OID, TEST_TENANT_ID, TEST_USER_OID } from '../test-identities.js';

/** The real Entra origin: the guard runs with `cloud: 'public'` and static keys. */
export const ENTRA_ORIGIN = 'https://login.microsoftonline.com';
/** T: the configured tenant. */
export const T = TEST_TENANT_ID;
/** T2: a second tenant, allowed only by the multi-tenant variant. */
export const T2 = '5d2e8c71-3a4b-4f69-b0c1-7e8d9fa0b1c2';
/** X: an attacker tenant, never allowed. */
export const X = 'c9a8b7d6-e5f4-4a3b-9c2d-1e0f9a8b7c6d';
/** C: the API's client id. */
export const C = TEST_API_CLIENT_ID;
/** C2: a second API (row 112), served by the `otherApi` variant. */
export const C2 = '0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0';
/** A client application that has a service principal in T but no permission on C (row 99). */
export const ROGUE_CLIENT = '9e8d7c6b-5a49-4838-a726-15f4e3d2c1b0';
/** A client application whose tokens the kill switch disables (section 8). */
export const KILLED_CLIENT = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
/** A group the caller is not a member of. */
export const OTHER_GROUP = '22222222-0000-4000-8000-000000000002';

/** Object ids of the users the cases talk about. */
export const OID = {
  user: TEST_USER_OID,
  app: TEST_APP_OID,
  /** nOAuth attacker (row 102). */
  attacker: 'a77ac4e7-0000-4000-8000-00000000a001',
  /** Users in T and T2 that share one `sub` (row 103). */
  subInT: '5ab00001-0000-4000-8000-000000000001',
  subInT2: '5ab00002-0000-4000-8000-000000000002',
  /** Revocation subjects (section 8): one each, so cases never disturb each other. */
  revoked108: 'e7000108-0000-4000-8000-000000000108',
  revoked109: 'e7000109-0000-4000-8000-000000000109',
  revokedCached: 'e7000110-0000-4000-8000-000000000110',
  guest: '9e570001-0000-4000-8000-000000000001',
  member: '9e570002-0000-4000-8000-000000000002',
} as const;

/** Fixed start of the fixture clock (2027-01-15T08:00:00Z): responses are reproducible. */
export const CONFORMANCE_EPOCH_SECONDS = 1_800_000_000;
/** `uti` of the token that is revoked by id. */
export const REVOKED_UTI = 'revokedUtiConformance0A';
/** `sub` shared by two users of different tenants (row 103). */
export const SHARED_SUB = 'SharedPairwiseSub-0000000000000000000000001';
/** The victim's e-mail address that the nOAuth attacker's token carries (row 102). */
export const VICTIM_EMAIL = 'victim.ceo@contoso.example';
/** The RFC 9728 resource of the `protectedResource` variant. */
export const PROTECTED_RESOURCE = 'https://orders.example.test';

/**
 * Marker claim values put into every token: an error response must never contain them (nor
 * the token, its tenant, the API's client id or the key id).
 */
export const MARKERS = {
  aio: 'EGMARKaio7Qz1xCanaryValueNeverEchoed',
  name: 'EGMARK Name Canary',
  upn: 'egmark.canary.upn@example.test',
} as const;

/** In the failing revocation store's error message: must never reach a response. */
export const REVOCATION_FAILURE_TEXT = 'EGMARK-redis-failure ERR_SOCKET_CLOSED';
