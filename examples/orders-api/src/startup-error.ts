/** A start-up failure the operator can act on; printed as one line. */
export class StartupError extends Error {
  override readonly name = 'StartupError';
}
