import type { CodegenConfig } from '@graphql-codegen/cli';

/** How typed documents are generated: the same for the tests and for the example frontend client. */
const typedDocuments = {
  preset: 'client',
  // persistedDocuments also writes persisted-documents.json: the trusted-documents manifest.
  presetConfig: { fragmentMasking: false, persistedDocuments: true },
  config: {
    useTypeImports: true,
    enumsAsTypes: true,
    strictScalars: true,
    skipTypename: true,
    scalars: {
      ID: { input: 'string', output: 'string' },
      AttributeValue: { input: 'string | number | boolean', output: 'string | number | boolean' },
    },
    avoidOptionals: { field: true, inputValue: false },
  },
} as const;

/** Typed documents (TypedDocumentNode) for the operations the tests and examples send. */
const config: CodegenConfig = {
  overwrite: true,
  // Emit './graphql.js' imports, which module/moduleResolution nodenext requires.
  emitLegacyCommonJSImports: false,
  schema: 'schema.graphql',
  ignoreNoDocuments: false,
  generates: {
    'test/__generated__/': { ...typedDocuments, documents: ['test/operations/**/*.graphql'] },
    // What a frontend does: its own operations, its own generated types (see examples/).
    'examples/__generated__/': { ...typedDocuments, documents: ['examples/**/*.graphql'] },
  },
};

export default config;
