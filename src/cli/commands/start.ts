// `loft start`: runs the platform in the foreground until SIGTERM or SIGINT.

import type { Command } from 'commander';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createLogger, startPlatform } from '../../platform/index.ts';

/** Registers `loft start` on `program`. */
export function registerStart(program: Command): void {
  program
    .command('start')
    .description('Run the Loft platform in the foreground (HTTPS API, controllers, embedded storage)')
    .option('--data-dir <dir>', 'where the database, certificates and admin kubeconfig live', join(homedir(), '.loft', 'data'))
    .option('--port <port>', 'HTTPS port to listen on', '8443')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--storage <url>', 'storage backend: sqlite://PATH, etcd://HOST:PORT[,HOST:PORT] or memory:// (default: sqlite in the data dir)')
    .action(async (opts: { dataDir: string; port: string; host: string; storage?: string }) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port "${opts.port}"`);
      const logger = createLogger();
      const platform = await startPlatform({ dataDir: resolve(opts.dataDir), host: opts.host, port, storageUrl: opts.storage, logger });
      process.stderr.write(`Loft is ready at ${platform.url}\nAdmin kubeconfig: ${platform.adminKubeconfigPath}\n`);
      await new Promise<void>((done) => {
        let stopping = false;
        const stop = (signal: string): void => {
          if (stopping) return;
          stopping = true;
          logger.info({ signal }, 'shutting down');
          platform.stop().then(done, (err: unknown) => {
            logger.error({ err: String(err) }, 'shutdown failed');
            process.exitCode = 1;
            done();
          });
        };
        process.once('SIGTERM', () => stop('SIGTERM'));
        process.once('SIGINT', () => stop('SIGINT'));
      });
    });
}
