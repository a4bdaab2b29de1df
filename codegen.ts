import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents (TypedDocumentNode) for the operations the tests and examples send. */
const config: CodegenConfig = {
  overwrite: true,
  // Emit './graphql.js' imports, which module/moduleResolution nodenext requires.
  emitLegacyCommonJSImports: false,
  schema: 'schema.graphql',
  documents: ['test/operations/**/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'test/__generated__/': {
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
    },
  },
};

export default config;
