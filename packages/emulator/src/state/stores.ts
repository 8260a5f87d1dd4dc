import type { RedirectPlatform } from '../tenants/redirect-uris.js';
import type { RequestClaims } from '../tokens/request-claims.js';

/** What an authorization code stands for until it is redeemed. */
export interface AuthCodeGrant {
  readonly clientId: string;
  readonly tenantId: string;
  readonly userOid: string;
  readonly redirectUri: string;
  readonly platform: RedirectPlatform;
  readonly scope: string;
  readonly nonce: string | undefined;
  readonly codeChallenge: string | undefined;
  readonly codeChallengeMethod: 'S256' | 'plain';
  readonly claims: RequestClaims;
  readonly sessionId: string;
  readonly authTime: number;
  readonly expiresAt: number;
  redeemed: boolean;
}

/** A refresh token. Entra's are opaque and multi-resource; this is what stands behind one. */
export interface RefreshGrant {
  readonly clientId: string;
  readonly tenantId: string;
  readonly userOid: string;
  /** OIDC scopes of the original sign-in (`openid` decides whether refreshes return an ID token). */
  readonly oidc: readonly string[];
  /** The scope last issued with this token: used when a refresh request names none. */
  readonly scope: string;
  readonly platform: RedirectPlatform | 'obo' | 'device';
  readonly claims: RequestClaims;
  readonly sessionId: string;
  readonly authTime: number;
  /** Seconds; when the first token of this chain was issued (SPA chains expire 24 h after it). */
  readonly chainStartedAt: number;
  readonly issuedAt: number;
  lastUsedAt: number;
  /** Seconds when it was exchanged for a successor; used by strict rotation. */
  usedAt: number | undefined;
  revoked: boolean;
}

/** A pending device-code sign-in. */
export interface DeviceGrant {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly tenantSegment: string;
  readonly scope: string;
  readonly claims: RequestClaims;
  readonly expiresAt: number;
  status: 'pending' | 'approved' | 'declined' | 'redeemed';
  approvedBy: { readonly tenantId: string; readonly userOid: string } | undefined;
}

/** A browser sign-in session (cookie), for SSO and `prompt=none`. */
export interface Session {
  readonly id: string;
  /** Accounts signed in through this browser, most recent first. */
  accounts: { readonly tenantId: string; readonly userOid: string; readonly authTime: number }[];
}

/** An authorize request waiting for the sign-in form. */
export interface PendingAuthorize {
  readonly params: Readonly<Record<string, string>>;
  readonly tenantSegment: string;
  readonly expiresAt: number;
}

/** All run-time state; `reset` empties it. */
export class Stores {
  readonly codes = new Map<string, AuthCodeGrant>();
  readonly refreshTokens = new Map<string, RefreshGrant>();
  readonly deviceCodes = new Map<string, DeviceGrant>();
  readonly sessions = new Map<string, Session>();
  readonly pending = new Map<string, PendingAuthorize>();
  /** `tenant|oid` → seconds of the last revocation: the TokensValidFrom date AADSTS50173 reports. */
  readonly revokedBefore = new Map<string, number>();

  deviceByUserCode(userCode: string): DeviceGrant | undefined {
    const wanted = userCode.replace(/[\s-]/g, '').toUpperCase();
    for (const d of this.deviceCodes.values()) if (d.userCode === wanted) return d;
    return undefined;
  }

  clear(): void {
    this.codes.clear();
    this.refreshTokens.clear();
    this.deviceCodes.clear();
    this.sessions.clear();
    this.pending.clear();
    this.revokedBefore.clear();
  }
}
