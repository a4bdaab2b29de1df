/**
 * Deterministic GraphQL names from SFMC display names: "HTML Enabled" -> htmlEnabled,
 * "GroupConnect LINE Addresses" -> groupConnectLineAddresses, "Device ID" -> deviceId.
 * Words are split on anything that is not a letter or digit; an all-capitals word is
 * treated as one word ("HTML" -> "Html"); mixed-case words keep their inner capitals.
 */
function words(sfmcName: string): string[] {
  return sfmcName
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => (w.length > 1 && w === w.toUpperCase() ? w[0] + w.slice(1).toLowerCase() : w));
}

export function pascalCase(sfmcName: string): string {
  return words(sfmcName)
    .map((w) => w[0]!.toUpperCase() + w.slice(1))
    .join('');
}

export function camelCase(sfmcName: string): string {
  const pascal = pascalCase(sfmcName);
  return pascal[0]!.toLowerCase() + pascal.slice(1);
}
