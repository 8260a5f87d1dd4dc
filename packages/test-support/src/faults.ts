import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A failure the key server can inject instead of (or before) its normal answer:
 * - `status`: answer with this HTTP status and body (default empty);
 * - `destroy`: destroy the socket without writing a response;
 * - `hang`: accept the request and never answer;
 * - `redirect`: answer `302 Found` with this `Location`;
 * - `huge`: stream exactly `bytes` bytes of `{"keys":[` followed by spaces, paced by backpressure;
 * - `delay`: answer normally after `ms` milliseconds.
 */
export type Fault =
  | { kind: 'status'; status: number; body?: string }
  | { kind: 'destroy' }
  | { kind: 'hang' }
  | { kind: 'redirect'; location: string }
  | { kind: 'huge'; bytes: number }
  | { kind: 'delay'; ms: number };

/** Which endpoints a fault applies to; `all` also covers unknown paths. */
export type FaultTarget = 'discovery' | 'keys' | 'all';

/** What {@link applyFault} needs from the server: its normal handler and a way to own timers. */
export interface FaultContext {
  respondNormally(): void;
  /** Registers a timer so closing the server can cancel it. */
  schedule(ms: number, run: () => void): void;
}

/** Headers for injected error answers; `no-store` like Entra's own error responses. */
const ERROR_HEADERS = { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store, no-cache' };

const CHUNK = Buffer.alloc(64 * 1024, 0x20);

/**
 * Streams `bytes` bytes of a JSON prefix and padding. Each chunk waits for the previous one to
 * drain, so a client that reads the whole thing never makes this process buffer more than a
 * chunk, and a client that gives up stops the stream.
 */
function streamHuge(res: ServerResponse, bytes: number): void {
  res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'max-age=86400, private' });
  let remaining = Math.max(0, Math.floor(bytes));
  let next: Buffer = Buffer.from('{"keys":[', 'utf8');
  const writeMore = (): void => {
    while (remaining > 0 && !res.destroyed) {
      const piece = next.subarray(0, Math.min(next.length, remaining));
      next = CHUNK; // Only the first piece is the prefix; the rest is padding.
      remaining -= piece.length;
      if (!res.write(piece)) {
        res.once('drain', writeMore);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  writeMore();
}

/** Carries out `fault` for one request. */
export function applyFault(fault: Fault, req: IncomingMessage, res: ServerResponse, context: FaultContext): void {
  switch (fault.kind) {
    case 'status': {
      const body = fault.body ?? '';
      res.writeHead(fault.status, { ...ERROR_HEADERS, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
      return;
    }
    case 'destroy':
      req.socket.destroy();
      return;
    case 'hang':
      // Deliberately nothing: the socket stays open until the client gives up or the server closes.
      return;
    case 'redirect':
      res.writeHead(302, { Location: fault.location, 'Content-Length': 0 });
      res.end();
      return;
    case 'huge':
      streamHuge(res, fault.bytes);
      return;
    case 'delay':
      context.schedule(fault.ms, () => {
        if (!res.destroyed) context.respondNormally();
      });
      return;
  }
}
