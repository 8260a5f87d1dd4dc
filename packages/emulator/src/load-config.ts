import { readFile } from 'node:fs/promises';
import type { EmulatorConfig } from './tenants/config-types.js';
import { demoConfig } from './tenants/demo-directory.js';
import { validateConfig } from './tenants/validate-config.js';

/**
 * The directory to serve: a configuration object, a JSON file, or the demo directory. Always
 * validated, so a typo in a file fails at start with every problem listed.
 */
export async function loadConfig(config: EmulatorConfig | string | undefined): Promise<EmulatorConfig> {
  if (config === undefined) return validateConfig(demoConfig());
  if (typeof config !== 'string') return validateConfig(config);
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(config, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read emulator configuration ${config}: ${(error as Error).message}`, { cause: error });
  }
  return validateConfig(parsed);
}
