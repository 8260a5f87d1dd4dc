// The fixture's moving parts besides keys: the controllable clock and the never-to-be-contacted canary server.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CONFORMANCE_EPOCH_SECONDS } from './fixture-ids.js';

/** A clock the suite moves (row 66); every guard and the revocation store read it. */
export interface FixtureClock {
  /** Milliseconds since the epoch. */
  now(): number;
  nowSeconds(): number;
  advanceSeconds(seconds: number): void;
  /** Back to {@link CONFORMANCE_EPOCH_SECONDS}. */
  reset(): void;
}

/** A local server that must never be contacted (the groups-overage `endpoint`, row 104). */
export interface Canary {
  readonly url: string;
  hits(): number;
  close(): Promise<void>;
}

export async function startCanary(): Promise<Canary> {
  let hits = 0;
  const server: Server = createServer((_req, res) => {
    hits += 1;
    res.writeHead(200, { 'content-type': 'application/json' }).end('{"value":[]}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1.0/users/overage/getMemberObjects`,
    hits: () => hits,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

export function makeClock(): FixtureClock {
  let seconds = CONFORMANCE_EPOCH_SECONDS;
  return {
    now: () => seconds * 1000,
    nowSeconds: () => seconds,
    advanceSeconds: (s) => {
      seconds += s;
    },
    reset: () => {
      seconds = CONFORMANCE_EPOCH_SECONDS;
    },
  };
}
