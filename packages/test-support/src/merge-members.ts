/**
 * Returns a copy of `base` with `overrides` applied: a member that already exists keeps its
 * position (member order matters when tests compare against real Entra output), new members
 * are appended, and a member whose override is `undefined` is removed — the only way to ask
 * for "no such claim" through an options object.
 */
export function mergeMembers(
  base: Readonly<Record<string, unknown>>,
  overrides: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...base };
  if (overrides === undefined) return merged;
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete merged[name];
    else merged[name] = value;
  }
  return merged;
}
