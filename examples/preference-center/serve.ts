/**
 * `npm run example:web`: the preference-center page, the service and its SFMC emulator, one command.
 *
 *   PAGE_PORT=5173 (default) the page; the service takes any free port (SERVICE_PORT to choose one).
 *   Other service variables pass through, e.g. AUTH_SELF_SERVICE_WRITABLE="Email Demographics".
 */
import { startPreferenceCenter } from './dev-server.js';

const port = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value < 0 || value > 65_535) throw new Error(`${name} must be a port number`);
  return value;
};

const center = await startPreferenceCenter({
  port: port('PAGE_PORT', 5173),
  servicePort: port('SERVICE_PORT', 0),
  env: { ...process.env },
});
const token = await center.signIn('acruz@example.com');
console.log(`
Preference center: ${center.pageUrl}
  GraphQL service: ${center.service.app.url}/graphql (JWT auth; CORS allows the page)
  SFMC emulator:   ${center.emulator.url}/__emulator/contacts
  A token for acruz@example.com, for curl or GraphiQL (1 hour):
    ${token}
Press Ctrl+C to stop.
`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    center.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
