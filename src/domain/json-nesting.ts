/**
 * Whether a JSON value nests deeper than `limit` objects and arrays. JSON.parse builds any depth without
 * recursing, but what a value meets afterwards (JSON.stringify, canonical JSON for the event hash, schema
 * validation) recurses and overflows the stack; so this walks with a stack of its own.
 */
export function nestedDeeperThan(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 0]];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [current, depth] = item;
    if (current === null || typeof current !== 'object') continue;
    if (depth >= limit) return true;
    for (const child of Object.values(current)) pending.push([child, depth + 1]);
  }
  return false;
}
