// The little of newman's programmatic API the Postman test uses (newman ships no types, and
// @types/newman is not installed).
declare module 'newman' {
  export interface NewmanVariable {
    readonly key: string;
    readonly value: string;
  }

  export interface NewmanRunOptions {
    readonly collection: string | object;
    readonly environment?: string | object;
    readonly envVar?: readonly NewmanVariable[];
    readonly reporters?: string | readonly string[];
    readonly sslExtraCaCerts?: string;
    readonly insecure?: boolean;
    readonly timeoutRequest?: number;
    readonly bail?: boolean;
  }

  export interface NewmanFailure {
    readonly error: { readonly name?: string; readonly message: string; readonly test?: string };
    readonly at?: string;
    readonly source?: { readonly name?: string };
  }

  export interface NewmanExecution {
    readonly item: { readonly name: string };
    readonly request?: { readonly url: { toString(): string } };
    readonly cursor: { readonly ref: string };
    readonly response?: { readonly code: number };
    readonly assertions?: readonly { readonly assertion: string; readonly error?: { readonly message: string } }[];
  }

  export interface NewmanRunSummary {
    readonly run: {
      readonly failures: readonly NewmanFailure[];
      readonly executions: readonly NewmanExecution[];
      readonly stats: Readonly<Record<'requests' | 'assertions' | 'prerequestScripts' | 'testScripts', { readonly total: number; readonly failed: number }>>;
    };
  }

  export function run(options: NewmanRunOptions, callback: (err: Error | null, summary: NewmanRunSummary) => void): unknown;

  const newman: { run: typeof run };
  export default newman;
}
