/**
 * The adapter conformance suite (style.md practice 14): one table of cases, run over every
 * framework adapter, with identical expected status, WWW-Authenticate and body.
 */
export { CONFORMANCE_GROUP, type ConformanceAppFactory, type ConformanceAppOptions, type RunningApp } from './contract.js';
export { describeAdapterConformance, type DescribeConformanceOptions } from './describe-conformance.js';
export { checkOutcome, recordResponses, runCase, type CaseOutcome, type RecordedResponse } from './run-cases.js';
export {
  CONFORMANCE_CASES,
  countCasesBySection,
  RESOURCE_METADATA_URL,
  type CaseExpectation,
  type CaseRequest,
  type CaseSection,
  type ConformanceCase,
  type SetupAction,
} from './cases.js';
export {
  C,
  C2,
  CONFORMANCE_EPOCH_SECONDS,
  createConformanceFixture,
  ENTRA_ORIGIN,
  MARKERS,
  OID,
  T,
  T2,
  VARIANTS,
  X,
  type ConformanceAppVariant,
  type ConformanceFixture,
  type FixtureClock,
  type MintOptions,
  type TokenName,
} from './fixture-tokens.js';
export { httpRequest, parseRawResponse, rawRequest, utf8AsLatin1, type FetchRequest, type HttpResult, type RawRequest } from './raw-http.js';
