// The CLI on a real pseudo-terminal: a spinner only when stderr is a terminal (not with NO_COLOR
// or TERM=dumb), plain progress lines through a pipe, data alone on stdout, and the password
// prompt that does not echo. `script` and tmux provide the terminals.

/* eslint-disable no-control-regex -- what a terminal shows is escape codes; the tests look for them. */
import assert from 'node:assert/strict';
import { execFile, execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { startFakePlatform, type FakePlatform } from './testing/fake-platform.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const node = join(root, 'node_modules/.bin/node');
const loft = join(root, 'bin/loft');

/** Runs `command` under `script`, on a pseudo-terminal; resolves with everything the terminal showed. */
function onTerminal(command: string, env: Record<string, string | undefined> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('script', ['-qec', command, '/dev/null'], { env: { ...process.env, TERM: 'xterm', ...env }, timeout: 60_000 }, (err, stdout) => (err && !stdout ? reject(err) : resolve(stdout)));
  });
}

/** Runs `args` with pipes; resolves with exit code, stdout and stderr. */
function piped(command: string, args: string[], env: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
  });
}

const dir = mkdtempSync(join(tmpdir(), 'loft-terminal-'));
const driver = join(dir, 'driver.mjs');
writeFileSync(
  driver,
  `import { createProgress } from ${JSON.stringify(join(root, 'src/cli/progress.ts'))};
const p = createProgress({ stderr: process.stderr, stderrIsTTY: Boolean(process.stderr.isTTY), env: process.env }, { intervalMs: 20 });
p.start('Waiting for demo');
await new Promise((r) => setTimeout(r, 150));
p.update('Waiting for demo (phase Pending)');
await new Promise((r) => setTimeout(r, 100));
p.succeed('demo is ready');
process.stdout.write('DATA\\n');
`,
);

const spinnerFrame = /\r\x1b\[2K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Waiting for demo/;

test('on a terminal the spinner redraws one line in place and ends with ✓', async () => {
  const screen = await onTerminal(`${node} ${driver}`);
  assert.match(screen, spinnerFrame);
  assert.ok((screen.match(/\r\x1b\[2K/g) ?? []).length >= 5, 'several frames were drawn');
  assert.match(screen, /Waiting for demo \(phase Pending\)/);
  assert.match(screen, /✓ demo is ready\r?\n/);
  assert.doesNotMatch(screen, /Waiting for demo\.\.\./);
});

test('NO_COLOR or TERM=dumb turn the spinner into plain lines, even on a terminal', async () => {
  for (const env of [{ NO_COLOR: '1' }, { TERM: 'dumb' }]) {
    const screen = await onTerminal(`${node} ${driver}`, env);
    assert.doesNotMatch(screen, /\x1b\[/, JSON.stringify(env));
    assert.match(screen, /Waiting for demo\.\.\.\r?\nWaiting for demo \(phase Pending\)\r?\ndemo is ready\r?\n/);
  }
});

test('through a pipe, progress is plain lines on stderr and stdout has only data', async () => {
  const result = await piped(node, [driver]);
  assert.equal(result.stdout, 'DATA\n');
  assert.equal(result.stderr, 'Waiting for demo...\nWaiting for demo (phase Pending)\ndemo is ready\n');
});

let fake: FakePlatform;
before(async () => {
  fake = await startFakePlatform();
  fake.keys.set('admin-key', { user: { name: 'admin', username: 'admin' }, accessKey: 'admin-key-object', accessKeyType: 'User' });
  fake.seed('/apis/management.loft.sh/v1/projects', { apiVersion: 'management.loft.sh/v1', kind: 'Project', metadata: { name: 'default' }, spec: {} });
  // An instance becomes Ready on the fourth GET after its creation: a few spinner frames.
  // "broken" fails the same way; "vanishing" is deleted while the CLI waits.
  let gets = 0;
  fake.hooks.push((req) => {
    const match = /^\/kubernetes\/management(\/apis\/management\.loft\.sh\/v1\/namespaces\/loft-p-default\/virtualclusterinstances\/(demo|broken|vanishing))$/.exec(req.path);
    if (req.method === 'POST' && req.path.endsWith('/virtualclusterinstances')) gets = 0;
    if (req.method === 'GET' && match) {
      const stored = fake.get(match[1] as string);
      if (stored && ++gets >= 4) {
        if (match[2] === 'vanishing') fake.objects.delete(match[1] as string);
        else stored.status = match[2] === 'demo' ? { phase: 'Ready' } : { phase: 'Failed', reason: 'ErrorRenderingTemplate', message: 'fail called' };
      }
    }
    return undefined;
  });
});
after(() => fake.close());

/** Returns a HOME whose config.json is logged into the fake platform. */
function loggedInHome(): string {
  const home = mkdtempSync(join(tmpdir(), 'loft-terminal-home-'));
  mkdirSync(join(home, '.loft'));
  writeFileSync(
    join(home, '.loft', 'config.json'),
    JSON.stringify({ kind: 'Config', apiVersion: 'storage.loft.sh/v1', host: fake.url, accesskey: 'admin-key', certificateAuthorityData: Buffer.from(fake.caPem).toString('base64') }),
  );
  return home;
}

test('loft create vcluster: a spinner while waiting on a terminal, plain lines through a pipe', async () => {
  const home = loggedInHome();
  const screen = await onTerminal(`${loft} create vcluster demo`, { HOME: home, KUBECONFIG: '' });
  assert.match(screen, /\r\x1b\[2K[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] Waiting for virtual cluster demo in project default to become ready \(phase Pending\)/);
  assert.match(screen, /✓ Virtual cluster demo in project default is ready/);
  assert.match(screen, /Switched kube context to loft-vcluster_demo_default/);

  fake.objects.delete('/apis/management.loft.sh/v1/namespaces/loft-p-default/virtualclusterinstances/demo');
  const result = await piped(loft, ['create', 'vcluster', 'demo'], { HOME: loggedInHome(), KUBECONFIG: '' });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stdout, '');
  assert.doesNotMatch(result.stderr, /\x1b\[/);
  assert.match(result.stderr, /^Successfully created the virtual cluster demo in project default\nWaiting for virtual cluster demo in project default to become ready \(phase Pending\)\.\.\.\n/);
  assert.match(result.stderr, /\nVirtual cluster demo in project default is ready\nSwitched kube context to loft-vcluster_demo_default\n$/);
});

test('a failure while the spinner runs ends the spinner line (✗) before "error: ..."', async () => {
  const failed = await onTerminal(`${loft} create vcluster broken; echo "EXIT=$?"`, { HOME: loggedInHome(), KUBECONFIG: '' });
  assert.match(failed, /\r\x1b\[2K✗ Waiting for virtual cluster broken in project default to become ready \(phase Pending\)\r?\nerror: virtual cluster broken in project default failed: fail called \(ErrorRenderingTemplate\)\r?\nEXIT=1/);
  const vanished = await onTerminal(`${loft} create vcluster vanishing; echo "EXIT=$?"`, { HOME: loggedInHome(), KUBECONFIG: '' });
  assert.match(vanished, /\r\x1b\[2K✗ Waiting for virtual cluster vanishing in project default to become ready \(phase Pending\)\r?\nerror: virtualclusterinstances\.management\.loft\.sh "vanishing" not found\r?\nEXIT=1/);
});

test('a password login on a terminal asks for username and password and does not echo the password', async () => {
  fake.passwords.set('bob', { password: 'hunter2-secret', accessKey: 'bob-key' });
  const home = mkdtempSync(join(tmpdir(), 'loft-terminal-bob-'));
  const socket = `loft-test-${process.pid}`;
  const tmux = (...args: string[]): string => execFileSync('tmux', ['-L', socket, ...args], { encoding: 'utf8' });
  const waitFor = async (text: string): Promise<string> => {
    for (let i = 0; i < 300; i++) {
      const pane = tmux('capture-pane', '-p', '-t', 'login');
      if (pane.includes(text)) return pane;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`"${text}" never appeared:\n${tmux('capture-pane', '-p', '-t', 'login')}`);
  };
  try {
    tmux('new-session', '-d', '-s', 'login', '-x', '220', '-y', '20', `env HOME=${home} ${loft} login ${fake.url} --insecure; echo "EXIT=$?"; sleep 30`);
    // capture-pane drops trailing blanks, so the prompts are matched without theirs.
    await waitFor('Username:');
    tmux('send-keys', '-t', 'login', 'bob', 'Enter');
    await waitFor('Password:');
    tmux('send-keys', '-t', 'login', 'hunter2-secret', 'Enter');
    const pane = await waitFor('EXIT=');
    assert.match(pane, /EXIT=0/);
    assert.match(pane, /Successfully logged into Loft at https:\/\/127\.0\.0\.1:\d+ as user bob/);
    assert.doesNotMatch(pane, /hunter2/);
    const config = JSON.parse(readFileSync(join(home, '.loft', 'config.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(config.accesskey, 'bob-key');
  } finally {
    tmux('kill-server');
  }
});
