import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { usePersistedOperations } from '@graphql-yoga/plugin-persisted-operations';
import type { Plugin } from 'graphql-yoga';
import { serviceError } from '../errors.js';

/**
 * Reads a trusted-documents manifest as GraphQL Code Generator's client preset
 * writes it with `persistedDocuments: true`: `{ "<sha256 of the document>": "<document>" }`.
 * A hash that does not match its document is refused, so the file cannot be
 * edited into running something its frontend never shipped.
 */
export function loadTrustedDocuments(path: string): Map<string, string> {
  const manifest: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (typeof manifest !== 'object' || manifest === null || Array.isArray(manifest)) {
    throw new Error(`${path} is not a trusted-documents manifest (an object of hash: document).`);
  }
  const documents = new Map<string, string>();
  for (const [hash, document] of Object.entries(manifest)) {
    const actual = typeof document === 'string' ? createHash('sha256').update(document).digest('hex') : undefined;
    if (actual !== hash.replace(/^sha256:/, '')) throw new Error(`${path}: the entry ${hash} does not match its document.`);
    documents.set(hash.replace(/^sha256:/, ''), document as string);
  }
  return documents;
}

/** The document id a request names: `documentId` (GraphQL over HTTP) or APQ-style `extensions.persistedQuery`. */
export function documentIdOf(params: { extensions?: unknown } & Record<string, unknown>): string | null {
  if (typeof params.documentId === 'string') return params.documentId.replace(/^sha256:/, '');
  const persisted = (params.extensions as Record<string, unknown> | null | undefined)?.persistedQuery as
    | { sha256Hash?: unknown }
    | undefined;
  return typeof persisted?.sha256Hash === 'string' ? persisted.sha256Hash : null;
}

/** Runs only the operations of the manifest; any other document is refused before parsing. */
export function useTrustedDocuments(documents: Map<string, string>): Plugin {
  const refuse = (message: string) => () => serviceError('TRUSTED_DOCUMENT_REQUIRED', message);
  return usePersistedOperations({
    allowArbitraryOperations: false,
    extractPersistedOperationId: (params) => documentIdOf(params as Parameters<typeof documentIdOf>[0]),
    getPersistedOperation: (id) => documents.get(id) ?? null,
    customErrors: {
      persistedQueryOnly: refuse('Only trusted documents run here: send a documentId instead of a query.'),
      keyNotFound: refuse('Send the documentId of a trusted document.'),
      notFound: refuse('No trusted document has this id.'),
    },
  });
}
