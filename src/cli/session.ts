// The global flags every command shares, and the logged-in session commands act through.

import { ManagementClient } from './api.ts';
import { configPath, readConfig, type LoftConfig } from './config.ts';
import type { CliContext } from './context.ts';
import { CliError } from './errors.ts';
import { HttpClient } from './http.ts';
import { kubeconfigPath } from './kubeconfig.ts';
import { createProgress, type Progress } from './progress.ts';

/** Flags of the root command, valid before or after any subcommand. */
export interface GlobalOptions {
  config?: string;
  silent?: boolean;
  debug?: boolean;
  kubeconfig?: string;
}

/** A logged-in platform: its config, where that lives, and clients for it. */
export interface Session {
  config: LoftConfig;
  configFile: string;
  http: HttpClient;
  api: ManagementClient;
}

/** Returns the absolute path of the config file this run uses. */
export function configFileOf(ctx: CliContext, globals: GlobalOptions): string {
  return configPath(ctx.env, globals.config);
}

/** Returns the kubeconfig file this run writes contexts into. */
export function kubeconfigFileOf(ctx: CliContext, globals: GlobalOptions): string {
  return kubeconfigPath(ctx.env, globals.kubeconfig);
}

/** Returns the HTTP client of `config` (no access key when not logged in). */
export function clientFor(config: LoftConfig): HttpClient {
  if (!config.host) throw new CliError('not logged in: run loft login first');
  return new HttpClient({
    host: config.host,
    ...(config.accesskey ? { accessKey: config.accesskey } : {}),
    ...(config.insecure ? { insecure: true } : {}),
    ...(config.certificateAuthorityData ? { caData: config.certificateAuthorityData } : {}),
  });
}

/** Returns the session of the logged-in platform; errors when the CLI is not logged in. */
export function openSession(ctx: CliContext, globals: GlobalOptions): Session {
  const configFile = configFileOf(ctx, globals);
  const config = readConfig(configFile);
  if (!config.host || !config.accesskey) throw new CliError(`not logged in (${configFile} has no access key): run loft login <url> first`);
  const http = clientFor(config);
  return { config, configFile, http, api: new ManagementClient(http) };
}

/** Returns the progress reporter of this run (--silent turns it off). */
export function progressOf(ctx: CliContext, globals: GlobalOptions): Progress {
  return createProgress(ctx, { silent: Boolean(globals.silent) });
}
