/** A parsed JSON object, and the guard every reader of outside JSON (SFMC answers, request bodies, snapshots) uses. */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
