/*
 * The conformance cases: plain data. Tokens are `{{token:<name>}}` placeholders filled in from
 * the fixture at run time (see resolveRequest), so the table is static and every adapter gets
 * exactly the same requests. Names cite attack-catalogue.md rows ("§2 #3" = section 2, row 3).
 */
import { RESOURCE_METADATA_URL } from './case-builders.js';
import { fillPlaceholders, resolveRequest, tokensUsed } from './case-placeholders.js';
import type { CaseExpectation, CaseRequest, CaseSection, ConformanceCase, SetupAction } from './case-types.js';
import { authorisationCases } from './cases-authorisation.js';
import { carriageCases } from './cases-carriage.js';
import { badTokenCases, positiveCases } from './cases-positive.js';
import { metadataCases, revocationCases } from './cases-revocation.js';
import { C, C2, T, T2, X } from './fixture-tokens.js';

export { fillPlaceholders, resolveRequest, RESOURCE_METADATA_URL, tokensUsed };
export type { CaseExpectation, CaseRequest, CaseSection, ConformanceCase, SetupAction };

/** Every case, in the order they run (order matters: some cases build on earlier ones' state). */
export const CONFORMANCE_CASES: readonly ConformanceCase[] = Object.freeze([
  ...positiveCases(),
  ...carriageCases(),
  ...badTokenCases(),
  ...authorisationCases(),
  ...revocationCases(),
  ...metadataCases(),
]);

/** Number of cases per section (for reports). */
export function countCasesBySection(cases: readonly ConformanceCase[] = CONFORMANCE_CASES): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of cases) counts[c.section] = (counts[c.section] ?? 0) + 1;
  return counts;
}

/** The configured identifiers that must never appear in an error response. */
export const CONFIGURED_IDS: readonly string[] = [T, T2, X, C, C2];
