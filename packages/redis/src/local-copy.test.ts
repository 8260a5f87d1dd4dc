import { describe, expect, it } from 'vitest';
import { entryFor, EntryMap, LocalCopy } from './local-copy.js';

const T = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
let clock = 1_000_000;
const now = (): number => clock;
const q = (over: Record<string, unknown> = {}) => ({ tenantId: T, objectId: 'o', clientId: 'c', tokenId: 'u', issuedAt: 100, expiresAt: 200, ...over });

describe('LocalCopy', () => {
  it('decides client, then token, then user (older tokens only)', () => {
    const copy = new LocalCopy();
    expect(copy.decide(q(), now)).toEqual({ revoked: false });
    copy.apply(`user:${T}:o`, entryFor(150, -1, clock));
    expect(copy.decide(q(), now)).toEqual({ revoked: true, reason: 'user', validFrom: 150 });
    expect(copy.decide(q({ issuedAt: 150 }), now)).toEqual({ revoked: false });
    expect(copy.decide(q({ objectId: undefined }), now)).toEqual({ revoked: false });
    copy.apply('uti:u', entryFor(200, -1, clock));
    expect(copy.decide(q(), now)).toEqual({ revoked: true, reason: 'token' });
    copy.apply('client:c', entryFor(1, -1, clock));
    expect(copy.decide(q(), now)).toEqual({ revoked: true, reason: 'client' });
    copy.apply('client:c', undefined);
    expect(copy.decide(q({ tokenId: undefined, issuedAt: 150 }), now)).toEqual({ revoked: false });
  });

  it('forgets entries whose TTL ran out', () => {
    const copy = new LocalCopy();
    copy.apply('client:c', entryFor(1, 1000, clock));
    copy.apply('uti:u', entryFor(1, 2000, clock));
    expect(copy.size(clock)).toBe(2);
    clock += 1000;
    expect(copy.decide(q(), now)).toEqual({ revoked: true, reason: 'token' });
    expect(copy.size(clock)).toBe(1);
    clock += 1000;
    expect(copy.decide(q(), now)).toEqual({ revoked: false });
    expect(copy.size(clock)).toBe(0);
  });

  it('replays the changes seen while a snapshot was read over it, in order', () => {
    const copy = new LocalCopy();
    copy.apply('client:kept', entryFor(1, -1, clock)); // before the snapshot: the snapshot has it
    const buffer = copy.beginBuffer();
    const snapshot = new EntryMap();
    snapshot.put('client:kept', entryFor(1, -1, clock));
    snapshot.put('client:enabled-meanwhile', entryFor(1, -1, clock)); // read before it was deleted
    copy.apply('client:enabled-meanwhile', undefined);
    copy.apply('client:toggled', entryFor(1, -1, clock));
    copy.apply('client:toggled', undefined);
    copy.apply('client:added', entryFor(1, -1, clock)); // written after its key was scanned
    expect(copy.decide(q({ clientId: 'added' }), now).revoked).toBe(true); // applied at once, too
    copy.endBuffer(buffer, snapshot);
    const revoked = (id: string) => copy.decide(q({ clientId: id }), now).revoked;
    expect(['kept', 'enabled-meanwhile', 'toggled', 'added'].map(revoked)).toEqual([true, false, false, true]);
  });

  it('keeps the current copy when a snapshot is abandoned', () => {
    const copy = new LocalCopy();
    const buffer = copy.beginBuffer();
    copy.apply('client:c', entryFor(1, -1, clock));
    copy.endBuffer(buffer);
    expect(copy.decide(q(), now).revoked).toBe(true);
  });

  it('raises only: an older valid-from never replaces a newer one', () => {
    const copy = new LocalCopy();
    const name = `user:${T}:o`;
    expect(copy.raises(name, entryFor(150, -1, clock), now)).toBe(true);
    copy.apply(name, entryFor(150, -1, clock));
    expect(copy.raises(name, entryFor(140, -1, clock), now)).toBe(false);
    expect(copy.raises(name, entryFor(160, -1, clock), now)).toBe(true);
  });
});

describe('EntryMap', () => {
  it('stores users by tenant and object id and drops empty tenants', () => {
    const map = new EntryMap();
    map.put(`user:${T}:o:with:colons`, entryFor(5, -1, 0));
    expect(map.get(`user:${T}:o:with:colons`)?.value).toBe(5);
    expect(map.users.get(T)?.get('o:with:colons')?.value).toBe(5);
    map.put(`user:${T}:o:with:colons`, undefined);
    expect(map.empty).toBe(true);
    map.put('nonsense', entryFor(1, -1, 0));
    map.put('user:no-separator', entryFor(1, -1, 0));
    expect(map.empty).toBe(true);
  });
});
