// `loft start`: runs the platform in the foreground until SIGTERM or SIGINT. Once it serves, the
// local CLI is logged in as admin (config.json gets the admin's access key, unless it is logged
// into another platform) and the kube context loft-management is added, so `loft create vcluster`
// and kubectl work right after the first start. --no-login leaves both files alone.

import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ManagementClient } from '../api.ts';
import { readConfig, writeConfig, type LoftConfig } from '../config.ts';
import type { CliContext } from '../context.ts';
import { UsageError } from '../errors.ts';
import { contextSpec, managementContextName, managementServerPath, setContext, updateKubeconfig } from '../kubeconfig.ts';
import { clientFor, configFileOf, kubeconfigFileOf, type GlobalOptions } from '../session.ts';

/** Returns what the admin kubeconfig the platform writes holds: server, CA and the admin's access key. */
export function readAdminKubeconfig(path: string): { server: string; caData?: string; token: string } {
  const doc = parse(readFileSync(path, 'utf8')) as {
    clusters?: Array<{ cluster?: { server?: string; 'certificate-authority-data'?: string } }>;
    users?: Array<{ user?: { token?: string } }>;
  };
  const cluster = doc.clusters?.[0]?.cluster;
  const token = doc.users?.[0]?.user?.token;
  if (!cluster?.server || !token) throw new Error(`${path} has no server or token`);
  return { server: cluster.server.replace(/\/+$/, ''), ...(cluster['certificate-authority-data'] ? { caData: cluster['certificate-authority-data'] } : {}), token };
}

// A CLI logged into another platform, or into this one with a key that still works (someone
// else than admin, say), keeps its login. The loft-management context becomes current only when
// the kubeconfig has none.
/** Returns what it did after logging the local CLI into `url` as admin and adding loft-management. */
export async function loginLocalCli(ctx: CliContext, globals: GlobalOptions, url: string, adminKubeconfig: string): Promise<string> {
  const admin = readAdminKubeconfig(adminKubeconfig);
  const configFile = configFileOf(ctx, globals);
  const config = readConfig(configFile);
  if (config.host && config.accesskey && config.host !== url) {
    return `The loft CLI stays logged into ${config.host} (${configFile}); log in here with: loft login ${url} --access-key <key from ${adminKubeconfig}>`;
  }
  if (config.host === url && config.accesskey && config.accesskey !== admin.token) {
    const self = await new ManagementClient(clientFor(config)).self().catch(() => undefined);
    if (self) return `The loft CLI stays logged into ${url} as ${self.user?.name ?? self.team?.name ?? self.subject} (${configFile})`;
  }
  const next: LoftConfig = { ...config, host: url, accesskey: admin.token };
  delete next.insecure;
  delete next.certificateAuthorityData;
  if (admin.caData) next.certificateAuthorityData = admin.caData;
  writeConfig(configFile, next);
  const kubeconfig = kubeconfigFileOf(ctx, globals);
  const spec = contextSpec(next, configFile, managementContextName, managementServerPath);
  updateKubeconfig(kubeconfig, (doc) => setContext(doc, spec, !doc['current-context']));
  return `The loft CLI is logged in as admin (${configFile}); kube context ${managementContextName} is in ${kubeconfig}`;
}

/** Registers `loft start` on `program`. */
export function registerStart(program: Command, ctx: CliContext): void {
  program
    .command('start')
    .description('Run the Loft platform in the foreground (HTTPS API, controllers, embedded storage)')
    .option('--data-dir <dir>', 'where the database, certificates and admin kubeconfig live', join(homedir(), '.loft', 'data'))
    .option('--port <port>', 'HTTPS port to listen on', '8443')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--storage <url>', 'storage backend: sqlite://PATH, etcd://HOST:PORT[,HOST:PORT] or memory:// (default: sqlite in the data dir)')
    .option('--no-login', 'do not log the local loft CLI in as admin nor add the kube context loft-management')
    .action(async (opts: { dataDir: string; port: string; host: string; storage?: string; login: boolean }, cmd: Command) => {
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`invalid --port "${opts.port}"`);
      // The platform is loaded only here: every other command (above all `loft token`, which
      // kubectl runs for each request) starts without the server's modules.
      const { createLogger, startPlatform } = await import('../../platform/index.ts');
      const logger = createLogger();
      const platform = await startPlatform({ dataDir: resolve(opts.dataDir), host: opts.host, port, storageUrl: opts.storage, logger });
      // Log in before announcing readiness: whoever waits for "Loft is ready" finds the CLI logged in.
      let loginNote = '';
      if (opts.login) {
        try {
          loginNote = `${await loginLocalCli(ctx, cmd.optsWithGlobals<GlobalOptions>(), platform.url, platform.adminKubeconfigPath)}\n`;
        } catch (err) {
          // The platform runs fine without a logged-in CLI: say what failed and keep serving.
          loginNote = `warning: could not log the loft CLI in: ${(err as Error).message}\n`;
        }
      }
      ctx.stderr.write(`Loft is ready at ${platform.url}\nAdmin kubeconfig: ${platform.adminKubeconfigPath}\n${loginNote}`);
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
