/**
 * The candidates, per framework. `role` decides what a candidate is compared with: the
 * baseline is every ratio's denominator, the floor is the cold-path target, peers are the
 * alternatives users choose between. `caches` marks a validated-token cache (its pool cache is
 * warmed before the pool is measured, and its hit rate is reported).
 */

/**
 * @typedef {object} Candidate
 * @property {string} id          `<framework>/<module>` under servers/
 * @property {'express' | 'fastify'} framework
 * @property {string} label
 * @property {'baseline' | 'floor' | 'ours' | 'peer'} role
 * @property {boolean} caches
 * @property {string[]} packages  npm packages whose versions the report names
 */

/** @type {Candidate[]} */
export const CANDIDATES = [
  { id: 'express/baseline', framework: 'express', label: 'no auth (baseline)', role: 'baseline', caches: false, packages: ['express'] },
  { id: 'express/floor', framework: 'express', label: 'bare node:crypto check (floor)', role: 'floor', caches: false, packages: [] },
  { id: 'express/entra-guard', framework: 'express', label: '@entra-guard/express', role: 'ours', caches: true, packages: [] },
  { id: 'express/jose', framework: 'express', label: 'hand-written jose', role: 'peer', caches: false, packages: ['jose'] },
  { id: 'express/oauth2-jwt-bearer', framework: 'express', label: 'express-oauth2-jwt-bearer', role: 'peer', caches: false, packages: ['express-oauth2-jwt-bearer'] },
  { id: 'express/passport-azure-ad', framework: 'express', label: 'passport-azure-ad BearerStrategy', role: 'peer', caches: false, packages: ['passport', 'passport-azure-ad'] },
  { id: 'express/express-jwt', framework: 'express', label: 'express-jwt + jwks-rsa', role: 'peer', caches: false, packages: ['express-jwt', 'jwks-rsa'] },
  { id: 'fastify/baseline', framework: 'fastify', label: 'no auth (baseline)', role: 'baseline', caches: false, packages: ['fastify'] },
  { id: 'fastify/floor', framework: 'fastify', label: 'bare node:crypto check (floor)', role: 'floor', caches: false, packages: [] },
  { id: 'fastify/entra-guard', framework: 'fastify', label: '@entra-guard/fastify', role: 'ours', caches: true, packages: [] },
  { id: 'fastify/jose', framework: 'fastify', label: 'hand-written jose', role: 'peer', caches: false, packages: ['jose'] },
];

/**
 * The candidates to run: all, or those whose id matches one of `only` (comma-separated
 * substrings); each framework's baseline always runs, since every ratio needs it.
 *
 * @param {string | undefined} only
 * @returns {Candidate[]}
 */
export function selectCandidates(only) {
  if (only === undefined || only === '') return CANDIDATES;
  const wanted = only.split(',').map((s) => s.trim()).filter(Boolean);
  const picked = CANDIDATES.filter((c) => wanted.some((w) => c.id.includes(w)));
  const frameworks = new Set(picked.map((c) => c.framework));
  return CANDIDATES.filter((c) => picked.includes(c) || (c.role === 'baseline' && frameworks.has(c.framework)));
}
