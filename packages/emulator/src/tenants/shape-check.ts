/** Collects configuration problems with their JSON path, so one run reports all of them. */
export class ShapeCheck {
  readonly problems: string[] = [];

  fail(path: string, message: string): void {
    this.problems.push(`${path}: ${message}`);
  }

  object(value: unknown, path: string): Record<string, unknown> | undefined {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
    this.fail(path, 'must be an object');
    return undefined;
  }

  string(value: unknown, path: string): value is string {
    if (typeof value === 'string' && value.length > 0) return true;
    this.fail(path, 'must be a non-empty string');
    return false;
  }

  optionalString(value: unknown, path: string): void {
    if (value !== undefined) this.string(value, path);
  }

  boolean(value: unknown, path: string): void {
    if (value !== undefined && typeof value !== 'boolean') this.fail(path, 'must be true or false');
  }

  guid(value: unknown, path: string): void {
    if (typeof value !== 'string' || !GUID.test(value)) this.fail(path, 'must be a lower-case GUID');
  }

  oneOf(value: unknown, allowed: readonly unknown[], path: string): void {
    if (value !== undefined && !allowed.includes(value)) this.fail(path, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}`);
  }

  /** Runs `each` on every element of an optional array. */
  array(value: unknown, path: string, each: (item: unknown, path: string) => void): void {
    if (value === undefined) return;
    if (!Array.isArray(value)) {
      this.fail(path, 'must be an array');
      return;
    }
    value.forEach((item, i) => each(item, `${path}[${i}]`));
  }

  stringArray(value: unknown, path: string): void {
    this.array(value, path, (item, p) => this.string(item, p));
  }

  /** An optional `{ key: string[] }` map. */
  stringListMap(value: unknown, path: string, key: (k: string, p: string) => void): void {
    if (value === undefined) return;
    const map = this.object(value, path);
    if (map === undefined) return;
    for (const [k, v] of Object.entries(map)) {
      key(k, `${path}.${k}`);
      this.stringArray(v, `${path}.${k}`);
      if (!Array.isArray(v)) this.fail(`${path}.${k}`, 'must be an array');
    }
  }

  /** Reports members not in `known`, which are usually typos. */
  known(value: Record<string, unknown>, known: readonly string[], path: string): void {
    for (const k of Object.keys(value)) if (!known.includes(k)) this.fail(`${path}.${k}`, 'is not a known member');
  }
}

/** Lower-case GUID, the form Entra uses for tenant, application and object ids. */
export const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
