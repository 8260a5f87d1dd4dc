// Input validation by hand: small, explicit, and every message names the field and what is
// expected (never the value received).
import type { Request } from 'express';
import type { FieldError } from './problem.js';

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: readonly FieldError[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// C0 controls, DEL and C1 controls: not wanted in an item name (or a log line).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;

export const ITEM_MAX_LENGTH = 200;
export const QUANTITY_MAX = 1000;
export const LIST_LIMIT_MAX = 100;
export const LIST_LIMIT_DEFAULT = 50;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !Buffer.isBuffer(value);
}

function unknownFields(body: Record<string, unknown>, allowed: readonly string[]): FieldError[] {
  return Object.keys(body)
    .filter((key) => !allowed.includes(key))
    .map((key) => ({ field: `body.${key.slice(0, 64)}`, message: 'is not a known field' }));
}

/** True when the request says its body is JSON (a body-less request passes: the body check reports it). */
export function declaresJson(req: Request): boolean {
  return req.headers['content-type'] === undefined || req.is('application/json') !== false;
}

export function parseUuid(value: unknown, field: string): Parsed<string> {
  if (typeof value === 'string' && UUID.test(value)) return { ok: true, value: value.toLowerCase() };
  return { ok: false, errors: [{ field, message: 'must be a UUID' }] };
}

export interface NewOrderInput {
  readonly item: string;
  readonly quantity: number;
}

/** `{ item, quantity }`: item 1–200 characters after trimming, no control characters; quantity an integer 1–1000. */
export function parseNewOrder(body: unknown): Parsed<NewOrderInput> {
  if (!isPlainObject(body)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object with "item" and "quantity"' }] };
  const errors = unknownFields(body, ['item', 'quantity']);
  const item = typeof body.item === 'string' ? body.item.trim() : undefined;
  if (body.item === undefined) errors.push({ field: 'body.item', message: 'is required' });
  else if (item === undefined) errors.push({ field: 'body.item', message: 'must be a string' });
  else if (item.length === 0 || item.length > ITEM_MAX_LENGTH) errors.push({ field: 'body.item', message: `must be 1 to ${ITEM_MAX_LENGTH} characters` });
  else if (CONTROL.test(item)) errors.push({ field: 'body.item', message: 'must not contain control characters' });
  const quantity = body.quantity;
  if (quantity === undefined) errors.push({ field: 'body.quantity', message: 'is required' });
  else if (typeof quantity !== 'number' || !Number.isInteger(quantity) || quantity < 1 || quantity > QUANTITY_MAX) {
    errors.push({ field: 'body.quantity', message: `must be an integer from 1 to ${QUANTITY_MAX}` });
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: { item: item as string, quantity: quantity as number } };
}

/** `{ objectId }`: the user whose tokens are to be refused. */
export function parseRevocation(body: unknown): Parsed<{ readonly objectId: string }> {
  if (!isPlainObject(body)) return { ok: false, errors: [{ field: 'body', message: 'must be a JSON object with "objectId"' }] };
  const errors = unknownFields(body, ['objectId']);
  const id = body.objectId === undefined ? { ok: false as const, errors: [{ field: 'body.objectId', message: 'is required' }] } : parseUuid(body.objectId, 'body.objectId');
  if (!id.ok) errors.push(...id.errors);
  if (errors.length > 0 || !id.ok) return { ok: false, errors };
  return { ok: true, value: { objectId: id.value } };
}

/** `?limit=` (1–100, default 50). */
export function parseListQuery(query: unknown): Parsed<{ readonly limit: number }> {
  const raw = isPlainObject(query) ? query.limit : undefined;
  if (raw === undefined) return { ok: true, value: { limit: LIST_LIMIT_DEFAULT } };
  const limit = typeof raw === 'string' && /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(limit) || limit < 1 || limit > LIST_LIMIT_MAX) {
    return { ok: false, errors: [{ field: 'query.limit', message: `must be an integer from 1 to ${LIST_LIMIT_MAX}` }] };
  }
  return { ok: true, value: { limit } };
}
