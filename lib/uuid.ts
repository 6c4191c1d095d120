import { InvalidInputError } from './errors.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/** The UUID in lower case; InvalidInputError naming the field otherwise. */
export function parseUuid(value: string | null | undefined, field: string): string {
  if (!isUuid(value)) throw new InvalidInputError(`${field} ${JSON.stringify(value ?? '')} is not a UUID`);
  return value.toLowerCase();
}
