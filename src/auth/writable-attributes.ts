/**
 * The self-service allow-list: which attribute sets and attributes a caller may
 * write on their own contact. Entries are SFMC names, so they cover typed groups,
 * a tenant's `extraAttributes` and generic `attributeSets` alike. SFMC compares
 * names without case; so does this list.
 */
export interface WritableAttributes {
  /** The entries as configured, for logs and documentation. */
  readonly entries: readonly string[];
  /** Lower-cased names of attribute sets writable as a whole, tenant attributes included. */
  readonly wholeSets: ReadonlySet<string>;
  /** Lower-cased set name -> lower-cased names of its writable attributes. */
  readonly attributesBySet: ReadonlyMap<string, ReadonlySet<string>>;
}

/**
 * Names only, no channel addresses and no row keys: a many-rows group (email
 * addresses, mobile numbers, push devices, LINE addresses) is written by its row key,
 * and a new key adds an address or device to the contact that nobody verified. Status
 * fields and a tenant's own profile attributes are left to operators, who know which
 * are preferences; they add them (e.g. a "Preferences" set) to this list.
 */
export const DEFAULT_SELF_SERVICE_WRITABLE = 'Email Demographics.First Name, Email Demographics.Last Name';

export function parseWritableAttributes(list: string, variable: string): { writable: WritableAttributes; problems: string[] } {
  const problems: string[] = [];
  const entries: string[] = [];
  const wholeSets = new Set<string>();
  const attributesBySet = new Map<string, Set<string>>();
  for (const raw of list.split(',')) {
    const entry = raw.trim();
    // The first dot splits set from attribute: a set name holding a dot cannot be listed.
    const dot = entry.indexOf('.');
    const setName = (dot < 0 ? entry : entry.slice(0, dot)).trim().toLowerCase();
    const attributeName =
      dot < 0
        ? undefined
        : entry
            .slice(dot + 1)
            .trim()
            .toLowerCase();
    if (setName === '' || attributeName === '') {
      problems.push(`${variable}: "${entry}" must be "Set Name" or "Set Name.Attribute Name"`);
      continue;
    }
    entries.push(entry);
    if (attributeName === undefined) {
      wholeSets.add(setName);
      continue;
    }
    const attributes = attributesBySet.get(setName) ?? new Set<string>();
    attributes.add(attributeName);
    attributesBySet.set(setName, attributes);
  }
  return { writable: { entries, wholeSets, attributesBySet }, problems };
}

/** Whether any attribute of this set may be written at all. */
export function isSetWritable(writable: WritableAttributes, setName: string): boolean {
  const set = setName.toLowerCase();
  return writable.wholeSets.has(set) || writable.attributesBySet.has(set);
}

export function isAttributeWritable(writable: WritableAttributes, setName: string, attributeName: string): boolean {
  const set = setName.toLowerCase();
  return writable.wholeSets.has(set) || (writable.attributesBySet.get(set)?.has(attributeName.toLowerCase()) ?? false);
}
