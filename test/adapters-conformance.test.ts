// One adapter suite, run over every framework (style.md practice 14): the same cases against
// Express 5, Express 4 and Fastify, then a comparison that all of them answer every case with
// the same status, WWW-Authenticate, content-type and body.
import express from 'express';
import express4 from 'express4';
import { describe, expect, it } from 'vitest';
import { expressConformanceApp } from '../packages/express/test/conformance-app.js';
import { fastifyConformanceApp } from '../packages/fastify/test/conformance-app.js';
import {
  describeAdapterConformance,
  recordResponses,
  type ConformanceAppFactory,
  type RecordedResponse,
} from '../packages/test-support/src/conformance/index.js';
import { referenceConformanceApp } from './reference-app.js';

const ADAPTERS: ReadonlyArray<readonly [string, ConformanceAppFactory]> = [
  ['express 5', expressConformanceApp(express)],
  ['express 4', expressConformanceApp(express4 as unknown as typeof express)],
  ['fastify', fastifyConformanceApp],
];

for (const [name, factory] of ADAPTERS) describeAdapterConformance(name, factory);

type Field = 'status' | 'wwwAuthenticate' | 'contentType' | 'body';
const FULL: readonly Field[] = ['status', 'wwwAuthenticate', 'contentType', 'body'];

/** Every case where some implementation's answer differs from the first one's. */
function differences(recorded: ReadonlyArray<readonly [string, RecordedResponse[]]>): string[] {
  const [[baseName, base] = ['', []], ...others] = recorded;
  const out: string[] = [];
  base.forEach((b, i) => {
    const fields = b.compare === 'full' ? FULL : b.compare === 'status' ? (['status'] as const) : [];
    for (const [name, records] of others) {
      const r = records[i];
      if (r === undefined || r.case !== b.case) {
        out.push(`${b.case}: ${name} recorded a different case list`);
        continue;
      }
      for (const f of fields) {
        if (r[f] !== b[f]) out.push(`${b.case}\n    ${f}: ${baseName}=${JSON.stringify(b[f])}\n    ${' '.repeat(f.length)}  ${name}=${JSON.stringify(r[f])}`);
      }
    }
  });
  return out;
}

describe('cross-adapter comparison', () => {
  it('express 5, express 4 and fastify answer every case identically', async () => {
    const recorded = await Promise.all(ADAPTERS.map(async ([name, factory]) => [name, await recordResponses(factory)] as const));
    const diff = differences(recorded);
    if (diff.length > 0) expect.fail(`${diff.length} differences:\n  - ${diff.join('\n  - ')}`);
  });

  it('the reference implementation (node:http + core) answers like express 5', async () => {
    const recorded = await Promise.all(
      [['express 5', expressConformanceApp(express)] as const, ['reference', referenceConformanceApp] as const].map(
        async ([name, factory]) => [name, await recordResponses(factory)] as const,
      ),
    );
    const diff = differences(recorded);
    if (diff.length > 0) expect.fail(`${diff.length} differences:\n  - ${diff.join('\n  - ')}`);
  });
});
