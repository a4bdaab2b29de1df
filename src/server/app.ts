import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { renderGraphiQL } from '@graphql-yoga/render-graphiql';
import { createYoga, type YogaLogger } from 'graphql-yoga';
import type { Catalog } from '../catalog/index.js';
import { buildSchema, type RequestContext } from '../schema/index.js';
import { createLoaders } from '../schema/loaders.js';
import type { SfmcClient } from '../sfmc/client.js';
import { GRAPHIQL_TABS } from './graphiql-example.js';
import type { Logger } from './logger.js';
import { requestState } from './request-state.js';
import { useInputErrorCodes } from './use-input-error-codes.js';
import { useRequestLog } from './use-request-log.js';

export const GRAPHQL_ENDPOINT = '/graphql';

// An inline icon: the default favicon would be fetched from the internet.
const FAVICON =
  'data:image/svg+xml,%3Csvg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"%3E%3Ccircle cx="8" cy="8" r="7" fill="%23e10098"/%3E%3C/svg%3E';

export interface AppOptions {
  catalog: Catalog;
  sfmc: SfmcClient;
  logger: Logger;
  graphiql: boolean;
  port: number;
  host: string;
}

export interface App {
  /** Base URL, e.g. http://127.0.0.1:4000 */
  url: string;
  /** The subgraph SDL this server serves at `_service`. */
  sdl: string;
  server: Server;
  close(): Promise<void>;
}

function yogaLogger(logger: Logger): YogaLogger {
  const at =
    (level: 'debug' | 'info' | 'warn' | 'error') =>
    (...args: unknown[]) =>
      logger.log(level, 'yoga', { message: args.map((a) => (a instanceof Error ? `${a.name}: ${a.message}` : String(a))).join(' ') });
  return { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
}

/** Wires schema, SFMC client and plugins into a Yoga server on node:http. */
export function createApp({ catalog, sfmc, logger, graphiql }: Omit<AppOptions, 'port' | 'host'>) {
  const { schema, sdl } = buildSchema(catalog);
  const yoga = createYoga<Record<string, unknown>, RequestContext>({
    schema,
    graphqlEndpoint: GRAPHQL_ENDPOINT,
    landingPage: false,
    logging: yogaLogger(logger),
    context: ({ request }) => {
      const { requestId, log } = requestState(request);
      const signal = request.signal;
      return {
        requestId,
        catalog,
        sfmc,
        loaders: createLoaders(catalog, sfmc, requestId, { signal, trace: log.upstream }),
        caller: { authorization: request.headers.get('authorization') ?? undefined },
        signal,
        log,
      };
    },
    renderGraphiQL,
    graphiql: graphiql && {
      title: 'contacts-graph',
      favicon: FAVICON,
      defaultTabs: GRAPHIQL_TABS,
    },
    plugins: [useInputErrorCodes(), useRequestLog(logger, GRAPHQL_ENDPOINT)],
  });
  return { yoga, sdl };
}

export async function startApp(options: AppOptions): Promise<App> {
  const { yoga, sdl } = createApp(options);
  const server = createServer(yoga);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, resolve);
  });
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    sdl,
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
      });
      await yoga.dispose();
    },
  };
}
