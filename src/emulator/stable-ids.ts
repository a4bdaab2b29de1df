import { createHash } from 'node:crypto';

/**
 * Ids derived from names, so every emulator gives the same id to the same set or
 * attribute and two pulls of the model are byte-identical.
 */

/** A UUID (version 5 layout) from the SHA-1 of `name`. */
export function stableId(name: string): string {
  const hex = createHash('sha1').update(name).digest('hex');
  const variant = ((Number.parseInt(hex[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  const parts = [hex.slice(0, 8), hex.slice(8, 12), `5${hex.slice(13, 16)}`, `${variant}${hex.slice(17, 20)}`];
  return [...parts, hex.slice(20, 32)].join('-');
}

/** The id of an attribute by its fully qualified name, "Set name.Attribute name". */
export const attributeId = (fullyQualifiedName: string): string => stableId(`attribute:${fullyQualifiedName}`);
