// `loft create project|user|team`: the objects a platform admin sets up before anyone creates a
// virtual cluster. A new project looks like the one the platform starts with (bootstrap.ts):
// the caller owns it and is its admin member, every cluster and template is allowed. A user's
// password is hashed here and stored the way the platform reads it (password-hash.ts).

import type { Command } from 'commander';
import { randomBytes } from 'node:crypto';
import { managementApiVersion, type KubeObject } from '../api.ts';
import type { CliContext } from '../context.ts';
import { isStatus, UsageError } from '../errors.ts';
import { hashPassword, passwordNamespace, passwordSecretKey } from '../password-hash.ts';
import { openSession, progressOf, type GlobalOptions, type Session } from '../session.ts';
import { readStdin } from './login.ts';
import { collect } from './flags.ts';

/** Runs `loft create project NAME`. */
export async function createProject(ctx: CliContext, globals: GlobalOptions, name: string, opts: { displayName?: string; description?: string }): Promise<void> {
  const session = openSession(ctx, globals);
  const self = await session.api.self();
  const owner = self.user?.name ? { user: self.user.name } : self.team?.name ? { team: self.team.name } : undefined;
  const member = self.user?.name
    ? { kind: 'User', group: 'storage.loft.sh', name: self.user.name, clusterRole: 'loft-management-project-admin' }
    : self.team?.name
      ? { kind: 'Team', group: 'storage.loft.sh', name: self.team.name, clusterRole: 'loft-management-project-admin' }
      : undefined;
  await session.api.create<KubeObject>('projects', {
    apiVersion: managementApiVersion,
    kind: 'Project',
    metadata: { name },
    spec: {
      ...(opts.displayName ? { displayName: opts.displayName } : {}),
      ...(opts.description ? { description: opts.description } : {}),
      ...(owner ? { owner } : {}),
      ...(member ? { members: [member] } : {}),
      allowedClusters: [{ name: '*' }],
      allowedTemplates: [{ kind: 'VirtualClusterTemplate', group: 'storage.loft.sh', name: '*' }],
    },
  });
  progressOf(ctx, globals).info(`Successfully created project ${name}`);
}

/** Creates namespace `loft` of the management cluster when it is missing (password Secrets live there). */
async function ensurePasswordNamespace(session: Session): Promise<void> {
  try {
    await session.api.createCore('namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: passwordNamespace } });
  } catch (err) {
    if (!isStatus(err, 409)) throw err;
  }
}

interface CreateUserOptions {
  password?: string;
  passwordStdin?: boolean;
  email?: string;
  displayName?: string;
  admin?: boolean;
}

/** Runs `loft create user NAME`. */
export async function createUser(ctx: CliContext, globals: GlobalOptions, name: string, opts: CreateUserOptions): Promise<void> {
  if (opts.password !== undefined && opts.passwordStdin) throw new UsageError('--password and --password-stdin cannot be used together');
  const password = opts.passwordStdin ? await readStdin(ctx) : opts.password;
  if (password === '') throw new UsageError('the password must not be empty');
  const session = openSession(ctx, globals);
  let passwordRef: Record<string, string> | undefined;
  if (password !== undefined) {
    // The Secret first, so the User never points at a Secret that does not exist.
    await ensurePasswordNamespace(session);
    const secretName = `loft-password-${name}-${randomBytes(3).toString('hex')}`.slice(0, 253);
    await session.api.createCore(
      'secrets',
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: secretName, namespace: passwordNamespace, annotations: { 'loft.sh/user': name } },
        type: 'Opaque',
        data: { [passwordSecretKey]: Buffer.from(await hashPassword(password)).toString('base64') },
      } as KubeObject,
      passwordNamespace,
    );
    passwordRef = { secretName, secretNamespace: passwordNamespace, key: passwordSecretKey };
  }
  await session.api.create<KubeObject>('users', {
    apiVersion: managementApiVersion,
    kind: 'User',
    metadata: { name },
    spec: {
      username: name,
      subject: name,
      ...(opts.displayName ? { displayName: opts.displayName } : {}),
      ...(opts.email ? { email: opts.email } : {}),
      ...(passwordRef ? { passwordRef } : {}),
      ...(opts.admin ? { clusterRoles: [{ name: 'loft-management-admin' }] } : {}),
    },
  });
  progressOf(ctx, globals).info(`Successfully created user ${name}${opts.admin ? ' (platform admin)' : ''}`);
}

/** Runs `loft create team NAME`. */
export async function createTeam(ctx: CliContext, globals: GlobalOptions, name: string, opts: { user: string[]; displayName?: string }): Promise<void> {
  const session = openSession(ctx, globals);
  await session.api.create<KubeObject>('teams', {
    apiVersion: managementApiVersion,
    kind: 'Team',
    metadata: { name },
    spec: { username: name, ...(opts.displayName ? { displayName: opts.displayName } : {}), users: opts.user },
  });
  progressOf(ctx, globals).info(`Successfully created team ${name}${opts.user.length > 0 ? ` with ${opts.user.join(', ')}` : ''}`);
}

/** Registers `loft create project|user|team` on the `create` command. */
export function registerCreateOther(create: Command, ctx: CliContext): void {
  create
    .command('project')
    .description('Create a project (you own it; every cluster and template is allowed)')
    .argument('<name>', 'the project name')
    .option('--display-name <name>', 'the display name')
    .option('--description <text>', 'the description')
    .action((name: string, opts: { displayName?: string; description?: string }, cmd: Command) => createProject(ctx, cmd.optsWithGlobals<GlobalOptions>(), name, opts));
  create
    .command('user')
    .description('Create a user (with a password for `loft login`)')
    .argument('<name>', 'the user name (also the username to log in with)')
    .option('--password <password>', 'the password (visible in the process list: prefer --password-stdin)')
    .option('--password-stdin', 'read the password from stdin')
    .option('--email <email>', 'the email address')
    .option('--display-name <name>', 'the display name')
    .option('--admin', 'make the user a platform admin (cluster role loft-management-admin)')
    .action((name: string, opts: CreateUserOptions, cmd: Command) => createUser(ctx, cmd.optsWithGlobals<GlobalOptions>(), name, opts));
  create
    .command('team')
    .description('Create a team of users')
    .argument('<name>', 'the team name')
    .option('--user <user>', 'a member (repeatable)', collect)
    .option('--display-name <name>', 'the display name')
    .action((name: string, opts: { user?: string[]; displayName?: string }, cmd: Command) => createTeam(ctx, cmd.optsWithGlobals<GlobalOptions>(), name, { ...opts, user: opts.user ?? [] }));
}
