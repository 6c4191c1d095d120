import { createServer } from 'node:net';
import { ConfigError } from '../errors.ts';

/** Throws a ConfigError naming the setting when host:port cannot be bound. */
export async function assertPortFree(host: string, port: number, setting: string): Promise<void> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why =
        err.code === 'EADDRINUSE'
          ? 'is already in use (is another clairless running?)'
          : `cannot be used: ${err.message}`;
      reject(
        new ConfigError(`${setting}: port ${port} on ${host || 'all interfaces'} ${why}`, { cause: err }),
      );
    });
    server.listen({ host: host || undefined, port, exclusive: true }, () => server.close(() => resolve()));
  });
}
