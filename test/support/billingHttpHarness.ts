import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EmbeddedBillingService } from '../../bot/billing/embeddedBillingService';
import { createBillingRequestHandler, type BillingServerOptions } from '../../bot/billing/http/billingServer';
import { demoData } from '../../bot/demo/demoData';
import { SqliteStore } from '../../bot/storage/sqliteStore';

export type Listener = (req: IncomingMessage, res: ServerResponse) => void;

export interface ServedBilling {
  baseUrl: string;
  embedded: EmbeddedBillingService;
  close(): Promise<void>;
}

/**
 * The embedded billing service, seeded, served on loopback by the real request handler.
 * `wrap` lets a test put a fault injector in front of the real handler.
 */
export async function serveEmbeddedBilling(options: BillingServerOptions = {}, wrap?: (real: Listener) => Listener): Promise<ServedBilling> {
  const store = new SqliteStore(':memory:');
  const embedded = new EmbeddedBillingService(store);
  await embedded.seed(demoData());
  const real = createBillingRequestHandler(embedded, options);
  const server: Server = createServer(wrap ? wrap(real) : real);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    embedded,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
      await store.close();
    },
  };
}
