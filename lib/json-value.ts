// Narrowing parsed JSON, for readers that check untrusted documents field by field.

export type JsonObject = Readonly<Record<string, unknown>>;

/** A JSON object: not null, not an array. */
export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** A value as an error message shows what was found instead: `an array`, `an object`, or the JSON. */
export function describeJson(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  if (isJsonObject(value)) return 'an object';
  return JSON.stringify(value);
}
