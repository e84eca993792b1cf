// `loft login` and `loft logout` (loft-platform-api.md §6).
//
// login: https:// is added when missing and anything else is refused; the server's certificate
// must verify (system CAs or --certificate-authority), or, with --insecure, the certificate it
// presents is pinned (trust on first use: kubeconfigs then carry it as certificate-authority-data).
// The access key comes from --access-key, or from a password login (POST /auth/password/login)
// with the username and password asked on the terminal or given by --username and
// --password-stdin. Self verifies the key before config.json is written; the Login key the
// config held before is deleted, as loftctl does.

import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import { ManagementClient } from '../api.ts';
import { normalizeHost, readConfig, writeConfig, type LoftConfig } from '../config.ts';
import type { CliContext } from '../context.ts';
import { ApiError, CliError, UsageError } from '../errors.ts';
import { HttpClient, type Endpoint } from '../http.ts';
import { ask } from '../prompt.ts';
import { clientFor, configFileOf, type GlobalOptions } from '../session.ts';
import { inspectServerTls } from '../tls-inspect.ts';

interface LoginOptions {
  accessKey?: string;
  insecure?: boolean;
  username?: string;
  passwordStdin?: boolean;
  certificateAuthority?: string;
}

/** Returns everything on stdin (for --password-stdin), without the final line break. */
export async function readStdin(ctx: CliContext): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of ctx.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

/** Returns the TLS trust to keep for `host`: verified (maybe with a CA file), pinned (--insecure), or off. */
async function resolveTrust(ctx: CliContext, host: string, opts: LoginOptions): Promise<Pick<LoftConfig, 'insecure' | 'certificateAuthorityData'>> {
  let caPem: string | undefined;
  if (opts.certificateAuthority) {
    try {
      caPem = readFileSync(opts.certificateAuthority, 'utf8');
    } catch (err) {
      throw new CliError(`cannot read --certificate-authority: ${(err as Error).message}`);
    }
  }
  const tls = await inspectServerTls(host, caPem);
  if (tls.verified) return caPem ? { certificateAuthorityData: Buffer.from(caPem).toString('base64') } : {};
  if (!opts.insecure) {
    throw new CliError(
      `the certificate of ${host} is not trusted (${tls.reason}); if you trust this server, log in with --insecure to pin the certificate it presents (SHA-256 ${tls.fingerprint}), or pass --certificate-authority FILE`,
    );
  }
  // Pin what the server presents, as long as requests can verify against it (it must name the host).
  const pinned = await inspectServerTls(host, tls.pinPem);
  if (pinned.verified) {
    ctx.stderr.write(`warning: trusting the certificate ${host} presented (SHA-256 ${tls.fingerprint}) without verification (--insecure)\n`);
    return { certificateAuthorityData: Buffer.from(tls.pinPem).toString('base64') };
  }
  ctx.stderr.write(`warning: the certificate of ${host} cannot be pinned (${pinned.reason}); TLS verification is off for this platform (--insecure)\n`);
  return { insecure: true };
}

/** Returns a new access key from a password login, asking for what the flags do not give. */
async function passwordLogin(ctx: CliContext, endpoint: Endpoint, opts: LoginOptions): Promise<string> {
  if (opts.passwordStdin && !opts.username) throw new UsageError('--password-stdin needs --username');
  if (!opts.username && !ctx.stdinIsTTY) {
    throw new UsageError('no access key given and stdin is not a terminal: pass --access-key KEY, or --username NAME with the password on stdin (--password-stdin)');
  }
  const username = opts.username ?? (await ask(ctx, 'Username: ')).trim();
  let password: string;
  if (opts.passwordStdin) password = await readStdin(ctx);
  else if (ctx.stdinIsTTY) password = await ask(ctx, 'Password: ', { hidden: true });
  else throw new UsageError('stdin is not a terminal: pass the password on stdin with --password-stdin');
  if (!username || !password) throw new UsageError('username and password must not be empty');
  let res: { accessKey?: string };
  try {
    res = await new HttpClient({ ...endpoint, accessKey: undefined }).json<{ accessKey?: string }>('POST', '/auth/password/login', { body: { username, password } });
  } catch (err) {
    if (err instanceof ApiError && err.code === 404) throw new CliError(`${endpoint.host} offers no password login (POST /auth/password/login answered 404): use --access-key`);
    throw err;
  }
  if (!res?.accessKey) throw new CliError(`${endpoint.host} answered the password login without an access key`);
  return res.accessKey;
}

/** Returns the name of the logged-in identity in Self ("user admin", "team dev"). */
function identityOf(self: Awaited<ReturnType<ManagementClient['self']>>): string {
  if (self.user?.name) return `user ${self.user.username || self.user.name}`;
  if (self.team?.name) return `team ${self.team.name}`;
  return `subject ${self.subject ?? 'unknown'}`;
}

/** Deletes the Login access key `config` holds, when Self says it is one (best effort: it may be gone). */
async function deleteLoginKey(config: LoftConfig): Promise<void> {
  const api = new ManagementClient(clientFor(config));
  const self = await api.self();
  if (self.accessKeyType === 'Login' && self.accessKey) {
    try {
      await api.delete('ownedaccesskeys', self.accessKey);
    } catch (err) {
      if (!(err instanceof ApiError && err.code === 404)) throw err;
    }
  }
}

/** Runs `loft login [URL]`. */
export async function login(ctx: CliContext, globals: GlobalOptions, url: string | undefined, opts: LoginOptions): Promise<void> {
  const configFile = configFileOf(ctx, globals);
  const config = readConfig(configFile);
  const target = url || ctx.env.LOFT_URL;
  if (!target) {
    if (!config.host || !config.accesskey) {
      ctx.stdout.write('Not logged in\n');
      return;
    }
    const self = await new ManagementClient(clientFor(config)).self();
    ctx.stdout.write(`Logged into ${config.host} as ${identityOf(self)}\n`);
    return;
  }
  if (opts.passwordStdin && opts.accessKey) throw new UsageError('--password-stdin and --access-key cannot be used together');
  const host = normalizeHost(target);
  const trust = await resolveTrust(ctx, host, opts);
  const endpoint: Endpoint = { host, ...(trust.insecure ? { insecure: true } : {}), ...(trust.certificateAuthorityData ? { caData: trust.certificateAuthorityData } : {}) };
  const accessKey = opts.accessKey || (await passwordLogin(ctx, endpoint, opts));
  let self;
  try {
    self = await new ManagementClient(new HttpClient({ ...endpoint, accessKey })).self();
  } catch (err) {
    if (err instanceof ApiError && err.code === 401) throw new CliError(`${host} did not accept the access key: ${err.message}`);
    throw err;
  }
  if (config.host === host && config.accesskey && config.accesskey !== accessKey) {
    await deleteLoginKey(config).catch((err: unknown) => {
      if (globals.debug) ctx.stderr.write(`debug: could not delete the previous login key: ${(err as Error).message}\n`);
    });
  }
  const next: LoftConfig = { ...config, host, accesskey: accessKey };
  delete next.insecure;
  delete next.certificateAuthorityData;
  writeConfig(configFile, { ...next, ...(trust.insecure ? { insecure: true } : {}), ...(trust.certificateAuthorityData ? { certificateAuthorityData: trust.certificateAuthorityData } : {}) });
  if (!globals.silent) ctx.stderr.write(`Successfully logged into Loft at ${host} as ${identityOf(self)}\n`);
}

/** Runs `loft logout`: deletes the server's Login key (if the config holds one) and clears the config. */
export async function logout(ctx: CliContext, globals: GlobalOptions): Promise<void> {
  const configFile = configFileOf(ctx, globals);
  const config = readConfig(configFile);
  if (!config.host || !config.accesskey) {
    ctx.stderr.write('Not logged in\n');
    return;
  }
  try {
    await deleteLoginKey(config);
  } catch (err) {
    ctx.stderr.write(`warning: could not delete the access key on ${config.host}: ${(err as Error).message}\n`);
  }
  const next: LoftConfig = { ...config };
  for (const field of ['host', 'accesskey', 'insecure', 'certificateAuthorityData']) delete next[field];
  writeConfig(configFile, next);
  if (!globals.silent) ctx.stderr.write(`Successfully logged out of ${config.host}\n`);
}

/** Registers `loft login` and `loft logout` on `program`. */
export function registerLogin(program: Command, ctx: CliContext): void {
  program
    .command('login')
    .description('Log in to a Loft platform (no URL: show where you are logged in)')
    .argument('[url]', 'the platform URL; https:// is added when missing (default $LOFT_URL)')
    .option('--access-key <key>', 'log in with this access key instead of a password')
    .option('--username <name>', 'the username of a password login (asked on a terminal otherwise)')
    .option('--password-stdin', 'read the password of a password login from stdin')
    .option('--insecure', "trust the certificate the server presents without verifying it (it is pinned in config.json)")
    .option('--certificate-authority <file>', "verify the server's certificate against this CA (PEM)")
    .addHelpText('after', '\nExamples:\n  loft login https://loft.example.com --access-key KEY\n  echo "$PASSWORD" | loft login loft.example.com --username alice --password-stdin\n')
    .action((url: string | undefined, opts: LoginOptions, cmd: Command) => login(ctx, cmd.optsWithGlobals<GlobalOptions>(), url, opts));

  program
    .command('logout')
    .description('Log out of the platform: delete the login access key and clear config.json')
    .action((_opts: unknown, cmd: Command) => logout(ctx, cmd.optsWithGlobals<GlobalOptions>()));
}
