import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONFORMANCE_CASES, type ConformanceCase } from './cases.js';
import type { ConformanceAppFactory, RunningApp } from './contract.js';
import { createConformanceFixture, type ConformanceAppVariant, type ConformanceFixture } from './fixture-tokens.js';
import { checkOutcome, closeApps, runCase, startApps } from './run-cases.js';

export { recordResponses, type RecordedResponse } from './run-cases.js';

/** Options of {@link describeAdapterConformance}. */
export interface DescribeConformanceOptions {
  /** The cases to run. Default: all of {@link CONFORMANCE_CASES}. */
  readonly cases?: readonly ConformanceCase[];
}

/**
 * Registers the adapter conformance suite for one framework: one fixture, one app per app
 * variant the cases use (started in `beforeAll`, closed in `afterAll`), one test per case, run
 * in table order. Every test checks the case's expectation and the catalogue's universal
 * assertions, and lists every mismatch.
 *
 * @example
 * ```ts
 * describeAdapterConformance('express 5', expressConformanceApp(express));
 * ```
 */
export function describeAdapterConformance(name: string, factory: ConformanceAppFactory, options: DescribeConformanceOptions = {}): void {
  const cases = options.cases ?? CONFORMANCE_CASES;
  describe(`adapter conformance: ${name}`, () => {
    let fx: ConformanceFixture | undefined;
    let apps: Map<ConformanceAppVariant | undefined, RunningApp> = new Map();

    beforeAll(async () => {
      fx = await createConformanceFixture();
      apps = await startApps(factory, fx, cases);
    });
    afterAll(async () => {
      await closeApps(apps);
      await fx?.close();
    });

    for (const c of cases) {
      it(c.name, async () => {
        if (fx === undefined) throw new Error('fixture not created');
        const hitsBefore = fx.canary.hits();
        const outcome = await runCase(c, fx, apps);
        const failures = checkOutcome(c, outcome, fx, hitsBefore);
        // One readable message listing every mismatch (the report people act on).
        if (failures.length > 0) expect.fail(`${c.request.method} ${c.request.path}:\n  - ${failures.join('\n  - ')}`);
      });
    }
  });
}
