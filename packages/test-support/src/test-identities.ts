/*
 * Fixed, made-up identifiers for minted tokens. They are constants (not random) so that tests can
 * assert on them and failures are reproducible; none of them belongs to a real tenant or app.
 */

/** Tenant id to use when a test has no reason to pick its own. */
export const TEST_TENANT_ID = '4f0c8a2e-6b1d-4e7a-9c35-2d8b7e1f6a90';

/** Application (client) id of the protected API: the usual `aud` of minted access tokens. */
export const TEST_API_CLIENT_ID = 'a3d91f4c-27e8-4b56-8f0a-61c2e9b7d435';

/** Application (client) id of the calling app: `azp` (v2) / `appid` (v1) and the ID-token `aud`. */
export const TEST_CLIENT_ID = '7c5e2b90-1d4f-4a83-b6e7-9f03c8a1d256';

/** Object id of the signed-in user in delegated (`kind: 'user'`) tokens. */
export const TEST_USER_OID = 'e8b14d27-5c9a-4f36-a2d0-3b7f6e91c084';

/** Object id of the calling app's service principal in app-only tokens (also their `sub`). */
export const TEST_APP_OID = '2b6f9e03-8a7c-4d15-9e42-c0d5a1f37b68';

/**
 * Pairwise subject of the test user. Entra's user `sub` is an opaque per-application string,
 * not the object id, so tests must not assume `sub === oid` for users.
 */
export const TEST_USER_SUB = 'q3VdK8tYp1nZr5WfXo2LmJc7HbA9sGe4uTiE6yR0wQk';

/** Display name of the test user (`name`). */
export const TEST_USER_NAME = 'Test User';

/** Sign-in name of the test user (`preferred_username`, v1 `upn` / `unique_name`). */
export const TEST_USER_UPN = 'test.user@example.com';

/** Default delegated scope of minted user tokens. */
export const TEST_DEFAULT_SCOPE = 'Orders.Read';
