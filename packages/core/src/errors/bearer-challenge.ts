/** Parameters of one RFC 6750 `WWW-Authenticate: Bearer` challenge, in the order they are written. */
export interface BearerChallenge {
  readonly realm?: string;
  readonly authorizationUri?: string;
  readonly error?: string;
  readonly errorDescription?: string;
  readonly scope?: string;
  readonly claims?: string;
  readonly resourceMetadata?: string;
}

const PARAMS: ReadonlyArray<readonly [keyof BearerChallenge, string]> = [
  ['realm', 'realm'],
  ['authorizationUri', 'authorization_uri'],
  ['error', 'error'],
  ['errorDescription', 'error_description'],
  ['scope', 'scope'],
  ['claims', 'claims'],
  ['resourceMetadata', 'resource_metadata'],
];

// RFC 9110 quoted-string; RFC 6750 limits error_description and scope to printable ASCII
// without `"` and `\`, so anything else is dropped rather than escaped.
function quote(value: string): string {
  return `"${value.replace(/[^\x20\x21\x23-\x5b\x5d-\x7e]/g, '')}"`;
}

/** Formats a single `Bearer` challenge (all parameters in one header, as Entra clients expect). */
export function formatBearerChallenge(challenge: BearerChallenge): string {
  const parts: string[] = [];
  for (const [key, name] of PARAMS) {
    const value = challenge[key];
    if (value !== undefined) parts.push(`${name}=${quote(value)}`);
  }
  return parts.length === 0 ? 'Bearer' : `Bearer ${parts.join(', ')}`;
}
