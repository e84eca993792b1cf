// The CLI's own files (loft-platform-api.md §6): ~/.loft/config.json (host, access key, TLS
// trust) and ~/.loft/defaults.json (the default project). The folder moves with LOFT_CACHE_FOLDER
// (relative to the home directory, as loftctl reads it; an absolute path is taken as is); the
// config file moves with the global --config flag or LOFT_CONFIG.

import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { CliError } from './errors.ts';

/** config.json: loftctl's storage.loft.sh/v1 Config, plus the CA the login trusted. */
export interface LoftConfig {
  kind: 'Config';
  apiVersion: 'storage.loft.sh/v1';
  /** The platform URL, https://host[:port], no trailing slash. */
  host?: string;
  /** The access key: the bearer token of every request. */
  accesskey?: string;
  /** Skip TLS verification (kubeconfigs get insecure-skip-tls-verify). */
  insecure?: boolean;
  /** Base64 PEM of the certificate(s) the platform's TLS is verified against (the v4 CLI's field name). */
  certificateAuthorityData?: string;
  /** Fields this CLI does not use (lastInstallContext, ...) are kept as they are. */
  [field: string]: unknown;
}

/** defaults.json: defaults for flags (`loft defaults set project NAME`). */
export interface LoftDefaults {
  project?: string;
  [field: string]: unknown;
}

/** Returns the home directory of the run: $HOME, else the account's. */
export function homeDir(env: Record<string, string | undefined>): string {
  return env.HOME || homedir();
}

/** Returns the CLI's folder: $LOFT_CACHE_FOLDER (relative to home unless absolute), else ~/.loft. */
export function loftFolder(env: Record<string, string | undefined>): string {
  const folder = env.LOFT_CACHE_FOLDER;
  if (folder) return isAbsolute(folder) ? folder : join(homeDir(env), folder);
  return join(homeDir(env), '.loft');
}

/** Returns the absolute path of config.json: --config, else $LOFT_CONFIG, else <folder>/config.json. */
export function configPath(env: Record<string, string | undefined>, override?: string): string {
  return resolve(override || env.LOFT_CONFIG || join(loftFolder(env), 'config.json'));
}

/** Returns the absolute path of defaults.json in the CLI's folder. */
export function defaultsPath(env: Record<string, string | undefined>): string {
  return resolve(join(loftFolder(env), 'defaults.json'));
}

/** Returns an empty config (not logged in). */
export function emptyConfig(): LoftConfig {
  return { kind: 'Config', apiVersion: 'storage.loft.sh/v1' };
}

function readJson(path: string, what: string): Record<string, unknown> | undefined {
  if (!existsSync(path)) return undefined;
  const text = readFileSync(path, 'utf8');
  if (text.trim() === '') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error('not a JSON object');
    return value as Record<string, unknown>;
  } catch (err) {
    throw new CliError(`cannot read ${what} ${path}: ${(err as Error).message}`);
  }
}

/** Writes `content` to `path` atomically with `mode`, creating the folder (0700) if needed. */
export function writePrivate(path: string, content: string, mode = 0o600): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(tmp, content, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, path);
}

/** Returns the config at `path`, or an empty one when the file does not exist. */
export function readConfig(path: string): LoftConfig {
  const raw = readJson(path, 'loft config');
  return { ...(raw ?? {}), kind: 'Config', apiVersion: 'storage.loft.sh/v1' } as LoftConfig;
}

/** Writes `config` to `path` (mode 0600: it holds the access key). */
export function writeConfig(path: string, config: LoftConfig): void {
  const { kind, apiVersion, ...rest } = config;
  writePrivate(path, `${JSON.stringify({ kind, apiVersion, ...rest }, null, 2)}\n`);
}

/** Returns defaults.json from the CLI's folder (empty when missing). */
export function readDefaults(env: Record<string, string | undefined>): LoftDefaults {
  return (readJson(defaultsPath(env), 'loft defaults') ?? {}) as LoftDefaults;
}

/** Writes defaults.json into the CLI's folder. */
export function writeDefaults(env: Record<string, string | undefined>, defaults: LoftDefaults): void {
  writePrivate(defaultsPath(env), `${JSON.stringify(defaults, null, 2)}\n`, 0o644);
}

/** Returns the project a command uses: --project, else defaults.json, else "default". */
export function resolveProject(env: Record<string, string | undefined>, flag: string | undefined): string {
  return flag || readDefaults(env).project || 'default';
}

/** Returns `url` the way config.json stores a host: https:// added when missing, trailing slashes cut; refuses http. */
export function normalizeHost(url: string): string {
  let host = url.trim();
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) host = `https://${host}`;
  host = host.replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(host);
  } catch {
    throw new CliError(`invalid platform URL "${url}"`);
  }
  if (parsed.protocol !== 'https:') {
    throw new CliError(`refusing to log in to ${host}: only https:// URLs are allowed, access keys must not travel in clear text`);
  }
  return host;
}
