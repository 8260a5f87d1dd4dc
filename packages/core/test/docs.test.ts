// The reference docs are part of the contract: they must list every code and channel.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHANNELS, ERROR_CODES } from '@entra-guard/core';

const doc = (name: string) => readFileSync(new URL(`../../../docs/${name}`, import.meta.url), 'utf8');

describe('docs', () => {
  it('errors.md has a row and a section per code, with its status and public text', () => {
    const text = doc('errors.md');
    for (const [code, info] of Object.entries(ERROR_CODES)) {
      expect(text).toContain(`| [${code}](#${code.toLowerCase()}) | ${info.status} |`);
      expect(text).toContain(`\n## ${code}\n`);
      expect(text).toContain(info.description);
    }
    const documented = [...text.matchAll(/^## (EG_[A-Z_]+)$/gm)].map((m) => m[1]);
    expect(documented.sort()).toEqual(Object.keys(ERROR_CODES).sort());
  });
  it('events.md names every channel', () => {
    const text = doc('events.md');
    for (const name of Object.values(CHANNELS)) expect(text).toContain(`\`${name}\``);
  });
});
