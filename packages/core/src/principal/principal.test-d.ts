import { expectTypeOf, test } from 'vitest';
import type { Principal } from './principal.js';

test('the principal is a discriminated union on kind', () => {
  const p = {} as Principal;
  if (p.kind === 'user') {
    expectTypeOf(p.objectId).toEqualTypeOf<string>();
    expectTypeOf(p.isGuest).toEqualTypeOf<boolean>();
  } else {
    expectTypeOf(p.objectId).toEqualTypeOf<string | undefined>();
    expectTypeOf(p.isGuest).toEqualTypeOf<false>();
  }
  expectTypeOf(p.scopes).toEqualTypeOf<ReadonlySet<string>>();
  // @ts-expect-error: the sets are read-only
  p.scopes.add('Orders.Write');
  // @ts-expect-error: the principal is read-only
  p.tenantId = 'x';
});
