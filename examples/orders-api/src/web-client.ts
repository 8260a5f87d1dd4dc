// The web client (a backend-for-frontend in src/web/) is optional: it is mounted when its module
// exists, through the contract in src/web/contract.ts.
import { existsSync } from 'node:fs';
import type { MountWebClient } from './web/contract.js';

/** `mountWebClient` from ./web/index.js, or undefined when the web client is not part of this build. */
export async function loadWebClient(): Promise<MountWebClient | undefined> {
  const js = new URL('./web/index.js', import.meta.url);
  const ts = new URL('./web/index.ts', import.meta.url);
  if (!existsSync(js) && !existsSync(ts)) return undefined;
  // A variable specifier: this file compiles whether or not src/web/index.ts exists yet.
  const specifier: string = js.href;
  const mod = (await import(existsSync(js) ? specifier : ts.href)) as { readonly mountWebClient?: unknown };
  if (typeof mod.mountWebClient !== 'function') throw new Error('src/web/index does not export mountWebClient(app, options)');
  return mod.mountWebClient as MountWebClient;
}
