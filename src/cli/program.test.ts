// Argument parsing and exit codes (aesthetics-ecosystem.md B2 item 9): 0 success, 1 error,
// 2 usage error; help and data on stdout, errors on stderr as "error: ..."; never 0 after an error.

import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildProgram } from './program.ts';
import { rewriteBooleanFlags } from './commands/flags.ts';
import { fastToken } from './commands/token.ts';
import { runCli, testContext } from './testing/context.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));

test('bare loft, --help and help print help on stdout and exit 0; --version prints the version', async () => {
  for (const argv of [[], ['--help'], ['help'], ['create', '--help'], ['help', 'create'], ['create', 'vcluster', '--help']]) {
    const r = await runCli(argv);
    assert.equal(r.code, 0, argv.join(' '));
    assert.match(r.stdout, /Usage: loft/, argv.join(' '));
    assert.equal(r.stderr, '', argv.join(' '));
  }
  const version = await runCli(['--version']);
  assert.deepEqual([version.code, version.stdout.trim()], [0, '0.1.0']);
});

test('usage errors exit 2 with an error line on stderr', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['nope'], /^error: unknown command 'nope'/],
    [['create'], /Usage: loft create/],
    [['create', 'vcluster'], /^error: missing required argument 'name'/],
    [['create', 'vcluster', 'a', '--bogus'], /^error: unknown option '--bogus'/],
    [['create', 'vcluster', 'a', 'b'], /^error: too many arguments/],
    [['list', 'vclusters', '-o', 'xml'], /^error: unable to match a printer suitable for the output format "xml", allowed formats are: json,name,table,yaml\n$/],
    [['create', 'vcluster', 'a', '--user', 'u', '--team', 't'], /^error: --user and --team cannot be used together\n$/],
    [['create', 'vcluster', 'a', '--update', '--use'], /^error: --update and --use cannot be used together\n$/],
    [['share', 'vcluster', 'a'], /^error: pass exactly one of --user and --team\n$/],
    [['completion', 'powershell'], /^error: unsupported shell "powershell"/],
    [['defaults', 'set', 'colour', 'red'], /^error: unknown default "colour"/],
    [['login', 'https://x', '--username', 'u', '--password-stdin', '--access-key', 'k'], /^error: --password-stdin and --access-key cannot be used together/],
  ];
  for (const [argv, stderr] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, stderr, argv.join(' '));
    assert.equal(r.stdout, '', argv.join(' '));
  }
});

test('errors exit 1: not logged in, http:// refused, sleep and wakeup not supported yet', async () => {
  const cases: Array<[string[], RegExp]> = [
    [['list', 'vclusters'], /^error: not logged in \(.*config\.json has no access key\): run loft login <url> first\n$/],
    [['create', 'vcluster', 'demo'], /^error: not logged in/],
    [['login', 'http://loft.example.com', '--access-key', 'k'], /^error: refusing to log in to http:\/\/loft\.example\.com: only https:\/\/ URLs are allowed/],
    [['sleep', 'vcluster', 'demo'], /^error: loft sleep vcluster is not supported yet/],
    [['wakeup', 'vcluster', 'demo'], /^error: loft wakeup vcluster is not supported yet/],
    [['token'], /^error: not logged in/],
  ];
  for (const [argv, stderr] of cases) {
    const r = await runCli(argv);
    assert.equal(r.code, 1, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, stderr, argv.join(' '));
    assert.equal(r.stdout, '', argv.join(' '));
  }
  const help = await runCli(['sleep', 'vcluster', '--help']);
  assert.match(help.stdout, /not supported yet/);
});

test('global flags work before and after subcommands; a subcommand’s --version is its own', async () => {
  const ctx = testContext();
  const config = join(ctx.home, 'elsewhere.json');
  writeFileSync(config, JSON.stringify({ kind: 'Config', apiVersion: 'storage.loft.sh/v1', host: 'https://x', accesskey: 'the-key' }));
  for (const argv of [['token', '--silent', '--config', config], ['--config', config, 'token'], ['token', `--config=${config}`]]) {
    const r = await runCli(argv, ctx);
    assert.equal(r.code, 0, argv.join(' '));
    assert.equal(JSON.parse(r.stdout).status.token, 'the-key');
  }
  const program = buildProgram(ctx);
  const create = program.commands.find((c) => c.name() === 'create')?.commands.find((c) => c.name() === 'vcluster');
  assert.ok(create?.options.some((o) => o.long === '--version' && o.required), 'create vcluster --version takes a pattern');
});

test('Go-style boolean flags: --flag=false becomes --no-flag, --flag=true becomes --flag', () => {
  const program = buildProgram(testContext());
  assert.deepEqual(rewriteBooleanFlags(program, ['create', 'vcluster', 'a', '--create-context=false', '--switch-context=true', '--skip-wait=false', '--insecure=1']), [
    'create',
    'vcluster',
    'a',
    '--no-create-context',
    '--switch-context',
    '--insecure',
  ]);
  assert.deepEqual(rewriteBooleanFlags(program, ['create', 'vcluster', 'a', '--set=a=false', '--', '--create-context=false']), ['create', 'vcluster', 'a', '--set=a=false', '--', '--create-context=false']);
});

test('loft token answers the exec plugin call without the command tree, as an ExecCredential', () => {
  const ctx = testContext();
  const config = join(ctx.home, 'c.json');
  writeFileSync(config, JSON.stringify({ kind: 'Config', apiVersion: 'storage.loft.sh/v1', host: 'https://x', accesskey: 'k1' }));
  assert.equal(fastToken(['token', '--silent', '--config', config], ctx), 0);
  assert.deepEqual(JSON.parse(ctx.out()), { kind: 'ExecCredential', apiVersion: 'client.authentication.k8s.io/v1beta1', spec: {}, status: { token: 'k1' } });
  assert.equal(fastToken(['token', '--help'], ctx), undefined);
  assert.equal(fastToken(['list', 'vclusters'], ctx), undefined);
  assert.equal(fastToken(['token', '--config', join(ctx.home, 'none.json')], ctx), 1);
  assert.match(ctx.err(), /^error: not logged in/);
});

test('bin/loft exits with the code run() returns', () => {
  const home = mkdtempSync(join(tmpdir(), 'loft-bin-'));
  const env = { ...process.env, HOME: home, KUBECONFIG: '' };
  assert.equal(spawnSync(join(root, 'bin/loft'), ['--version'], { env }).status, 0);
  const usage = spawnSync(join(root, 'bin/loft'), ['create', 'vcluster'], { env, encoding: 'utf8' });
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /error: missing required argument 'name'/);
  const error = spawnSync(join(root, 'bin/loft'), ['list', 'vclusters'], { env, encoding: 'utf8' });
  assert.equal(error.status, 1);
  assert.equal(error.stdout, '');
});

test('bash completion completes subcommands and flags from the command tree', async () => {
  const script = (await runCli(['completion', 'bash'])).stdout;
  assert.match(script, /complete -o default -F _loft loft/);
  const file = join(mkdtempSync(join(tmpdir(), 'loft-completion-')), 'loft.bash');
  writeFileSync(file, script);
  const complete = (words: string[]): string[] =>
    execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _loft; echo "\${COMPREPLY[*]}"`], { encoding: 'utf8' })
      .trim()
      .split(' ');
  assert.deepEqual(complete(['loft', 'cr']), ['create']);
  assert.deepEqual(complete(['loft', 'create', 'v']), ['vcluster']);
  assert.ok(complete(['loft', 'create', 'vcluster', 'demo', '--pro']).includes('--project'));
  assert.ok(complete(['loft', 'create', 'vc', 'demo', '--switch']).includes('--switch-context'));
  assert.deepEqual(complete(['loft', 'list', 'vclusters', '-o', 'json', '--no-h']), ['--no-headers']);
  const zsh = (await runCli(['completion', 'zsh'])).stdout;
  assert.match(zsh, /^#compdef loft\n/);
  assert.match(zsh, /bashcompinit/);
  const fish = (await runCli(['completion', 'fish'])).stdout;
  assert.match(fish, /complete -c loft -f -n '__loft_path_is '\\''create'\\''' -a 'vcluster'/);
});
