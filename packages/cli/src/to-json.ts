// Sets become arrays (core's FrozenSet has toJSON; a plain Set would otherwise print as {}),
// and undefined members become null so every key of the principal is always present.
function replacer(_key: string, value: unknown): unknown {
  if (value instanceof Set) return [...(value as Set<unknown>)];
  return value === undefined ? null : value;
}

/** Serialises a principal or an explanation for stdout, on one line. */
export function toJson(value: unknown): string {
  return JSON.stringify(value, replacer);
}
