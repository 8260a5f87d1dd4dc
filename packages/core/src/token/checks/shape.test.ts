import { describe, expect, it } from 'vitest';
import { checkShape } from './shape.js';
import { codeOf, T, testOptions, X } from './options.test-helper.js';

const o = testOptions();
const OID = '0b1d0000-0000-4000-8000-000000000001';
const user = { scp: 'Orders.Read', oid: OID, sub: 'sub-1', iss: `https://login.microsoftonline.com/${T}/v2.0` };
const app = { roles: ['Orders.Read.All'], oid: OID, sub: OID, idtyp: 'app' };

describe('checkShape', () => {
  it('classifies by scp and reads the sets', () => {
    const u = checkShape({ ...user, scp: 'Orders.Read  Orders.Write', roles: ['Orders.Admin'], groups: ['g'], wids: ['w'], acrs: ['c1'], xms_cc: ['CP1'], uti: 'u' }, T, o);
    expect(u).toMatchObject({ kind: 'user', objectId: OID, scopes: ['Orders.Read', 'Orders.Write'], roles: ['Orders.Admin'], groups: ['g'], wids: ['w'], authContexts: ['c1'], clientCapabilities: ['cp1'], tokenId: 'u', isGuest: false });
    expect(checkShape(app, T, o)).toMatchObject({ kind: 'app', scopes: [], roles: ['Orders.Read.All'] });
  });
  it.each([
    ['scp array', { ...user, scp: ['Orders.Read'] }],
    ['scp null', { ...user, scp: null }],
    ['scp empty', { ...user, scp: '' }],
    ['scp object', { ...user, scp: { 0: 'Orders.Read' } }],
    ['scp number', { ...user, scp: 123 }],
    ['roles string', { ...app, roles: 'Orders.Read.All' }],
    ['roles with non-string', { ...app, roles: ['a', 1] }],
    ['idtyp app with scp', { ...user, idtyp: 'app' }],
    ['idtyp user without scp', { ...app, idtyp: 'user' }],
    ['idtyp unknown', { ...app, idtyp: 'device' }],
    ['user without oid', { scp: 'x', sub: 's' }],
    ['groups not an array', { ...user, groups: 'g' }],
  ])('refuses %s', (_n, claims) => {
    expect(codeOf(() => checkShape(claims, T, o))).toBe('EG_TOKEN_SHAPE_INVALID');
  });
  it('falls back to sub, then nothing, for old v1 app tokens', () => {
    expect(checkShape({ sub: 'sp' }, T, o).objectId).toBe('sp');
    expect(checkShape({}, T, o).objectId).toBeUndefined();
  });
  it('reads malformed step-up claims as nothing, never as a grant', () => {
    expect(checkShape({ ...user, acrs: 'c1', xms_cc: 'cp1' }, T, o)).toMatchObject({ authContexts: [], clientCapabilities: [] });
  });
  it('detects the groups overage without touching its URL', () => {
    expect(checkShape({ ...user, _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: 'http://169.254.169.254/' } } }, T, o).groupsOverage).toBe(true);
    expect(checkShape({ ...user, hasgroups: true }, T, o).groupsOverage).toBe(true);
  });
  it('recognises guests and applies the guest policy', () => {
    const guest = { ...user, idp: `https://sts.windows.net/${X}/`, acct: 1 };
    expect(checkShape(guest, T, o).isGuest).toBe(true);
    expect(checkShape({ ...user, idp: `https://sts.windows.net/${T}/`, acct: 0 }, T, o).isGuest).toBe(false);
    const deny = testOptions({ guests: 'deny' });
    expect(codeOf(() => checkShape(guest, T, deny))).toBe('EG_GUEST_REFUSED');
    expect(codeOf(() => checkShape({ ...user, idp: 'live.com', acct: 0 }, T, deny))).toBe('EG_GUEST_REFUSED');
    expect(codeOf(() => checkShape(user, T, deny))).toBe('EG_GUEST_REFUSED');
    expect(codeOf(() => checkShape({ ...user, acct: 0 }, T, deny))).toBe('ok');
    expect(codeOf(() => checkShape(app, T, deny))).toBe('ok');
  });
});
