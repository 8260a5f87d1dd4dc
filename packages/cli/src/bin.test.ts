import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { fixture, flagsFor } from './fixtures.test-helper.js';

const BIN = fileURLToPath(new URL('../dist/bin.js', import.meta.url));

describe('the built bin', () => {
  it('runs as a process: exit code and JSON on stdout', async () => {
    expect(existsSync(BIN), 'build first: npx tsc -b packages/cli').toBe(true);
    const f = fixture('059');
    const ok = await promisify(execFile)(process.execPath, [BIN, 'verify', f.token, ...flagsFor(f)]);
    expect((JSON.parse(ok.stdout) as { kind: string }).kind).toBe('user');
    const bad: unknown = await promisify(execFile)(process.execPath, [BIN, 'verify', f.token, ...flagsFor(f), '--audience', 'x']).then(
      () => undefined,
      (err: unknown) => err,
    );
    // execFile rejects on a non-zero exit; the error carries the exit code and the output.
    const { code, stdout } = bad as { code: number; stdout: string };
    expect(code).toBe(1);
    expect((JSON.parse(stdout) as { code: string }).code).toBe('EG_AUDIENCE_INVALID');
  });
});
