/**
 * The layering check (`npm run lint:layers`, run by .ci/run). Arrows point down:
 *
 *   src/cli                                   entry points: read the environment, compose
 *   src/service.ts, src/config.ts, src/config wiring and the configuration table
 *   src/server                                HTTP, Yoga, plugins
 *   src/schema                                the GraphQL schema and resolvers
 *   src/observability                         logs, metrics, traces, the request scope
 *   src/auth, src/sfmc, src/datamodel,        callers; the SFMC boundary; the model pull;
 *   src/state                                 state shared between instances (memory or Redis)
 *   src/translate                             pure GraphQL <-> SFMC translation
 *   src/catalog                               the tenant model and its catalog
 *   src/errors.ts, src/json-object.ts         shared leaves
 *
 * src/emulator stands beside the stack: it may use only catalog, json-object and
 * sfmc/endpoints.ts (the one description of SFMC's routes), so it stays a faithful
 * stand-in rather than a copy of the client. Nothing in src/ imports test/ or bench/.
 */

/** Everything at or above a floor, as path patterns: what lower floors must not import. */
const CLI = '^src/cli/';
const WIRING = '^src/(service|config)\\.ts$|^src/config/';
const SERVER = '^src/server/';
const SCHEMA = '^src/schema/';
const OBSERVABILITY = '^src/observability/';
const AUTH_SFMC_DATAMODEL = '^src/(auth|sfmc|datamodel|state)/';
const TRANSLATE = '^src/translate/';
const CATALOG = '^src/catalog/';

const above = (...floors) => floors.join('|');

const layer = (name, from, forbidden, comment) => ({
  name,
  severity: 'error',
  comment,
  from: { path: from },
  to: { path: forbidden },
});

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'A cycle (type-only imports included) means two modules are one; split or move what they share.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'src-not-to-test-or-bench',
      severity: 'error',
      comment: 'The product never depends on its tests or benchmarks.',
      from: { path: '^src/' },
      to: { path: '^(test|bench)/' },
    },
    layer('wiring-not-to-cli', WIRING, CLI, 'service.ts and config are used by the entry points, not the other way round.'),
    layer('server-down-only', SERVER, above(CLI, WIRING), 'The server gets its settings and collaborators passed in.'),
    layer(
      'schema-down-only',
      SCHEMA,
      above(CLI, WIRING, SERVER, '^src/emulator/'),
      'The schema knows nothing of the HTTP server or the configuration.',
    ),
    layer(
      'observability-down-only',
      OBSERVABILITY,
      above(CLI, WIRING, SERVER, SCHEMA, '^src/emulator/'),
      'Telemetry observes requests and SFMC calls; it knows nothing of the server, the schema or the configuration.',
    ),
    layer(
      'auth-sfmc-datamodel-down-only',
      AUTH_SFMC_DATAMODEL,
      above(CLI, WIRING, SERVER, SCHEMA, OBSERVABILITY, '^src/emulator/'),
      'Callers, the SFMC boundary and the model pull take settings and clients as values.',
    ),
    layer(
      'translate-down-only',
      TRANSLATE,
      above(CLI, WIRING, SERVER, SCHEMA, OBSERVABILITY, AUTH_SFMC_DATAMODEL, '^src/emulator/'),
      'Translation is pure: catalog in, SFMC shapes out.',
    ),
    layer(
      'catalog-down-only',
      CATALOG,
      above(CLI, WIRING, SERVER, SCHEMA, OBSERVABILITY, AUTH_SFMC_DATAMODEL, TRANSLATE, '^src/emulator/'),
      'The catalog is the model: it depends on nothing but the leaves.',
    ),
    {
      name: 'leaves-import-nothing',
      severity: 'error',
      comment: 'errors.ts and json-object.ts are the floor: they import no other module of src/.',
      from: { path: '^src/(errors|json-object)\\.ts$' },
      to: { path: '^src/', pathNot: '^src/(errors|json-object)\\.ts$' },
    },
    {
      name: 'emulator-stands-alone',
      severity: 'error',
      comment: 'The emulator may use only the catalog, json-object.ts and sfmc/endpoints.ts.',
      from: { path: '^src/emulator/' },
      to: { path: '^src/', pathNot: '^src/(emulator/|catalog/|json-object\\.ts$|sfmc/endpoints\\.ts$)' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    // TypeScript 7 is not supported by dependency-cruiser's typescript parser; swc parses the sources.
    parser: 'swc',
    // Type-only imports count: they are arrows too, and take part in cycles.
    tsPreCompilationDeps: true,
    // A types-only package (no "main", only "typings") resolves through its typings.
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.d.ts'], mainFields: ['module', 'main', 'types', 'typings'] },
    // ".js" import suffixes name the ".ts" sources.
    tsConfig: { fileName: 'tsconfig.json' },
  },
};
