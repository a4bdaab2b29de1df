import type { JsonObject } from '../json-object.js';

/**
 * Reading the snapshot file's entries (groups, attributes, events): each field checked, a problem
 * named by where it is (`groups[2] ("Loyalty").attributes[0]: "name" must be a non-empty string`).
 */

export class TenantModelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TenantModelError';
  }
}

type Json = JsonObject;

export function text(entry: Json, field: string, where: string): string {
  const value = entry[field];
  if (typeof value !== 'string' || value.trim() === '')
    throw new TenantModelError(`${where}: "${field}" must be a non-empty string`);
  return value;
}

export function flag(entry: Json, field: string, fallback: boolean, where: string): boolean {
  const value = entry[field] ?? fallback;
  if (typeof value !== 'boolean') throw new TenantModelError(`${where}: "${field}" must be true or false`);
  return value;
}

export function optional<T>(entry: Json, field: string, is: (v: unknown) => v is T, what: string, where: string): T | undefined {
  const value = entry[field];
  if (value === undefined) return undefined;
  if (!is(value)) throw new TenantModelError(`${where}: "${field}" must be ${what}`);
  return value;
}

export const isString = (v: unknown): v is string => typeof v === 'string';
export const isBoolean = (v: unknown): v is boolean => typeof v === 'boolean';
export const isInteger = (v: unknown): v is number => Number.isInteger(v);

/** `base` with the fields of `extras` that are defined (`exactOptionalPropertyTypes`-friendly). */
export function withDefined<T extends object>(base: T, extras: Partial<T>): T {
  return { ...base, ...Object.fromEntries(Object.entries(extras).filter(([, v]) => v !== undefined)) };
}
