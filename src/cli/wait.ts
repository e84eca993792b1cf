// Waiting for a virtual cluster instance (loft-platform-api.md §7.1 step 7): a sleeping instance
// is woken up; then the CLI polls until phase Ready or Sleeping (clients treat both as done),
// stops at Failed with the instance's reason and message, and gives up after LOFT_TIMEOUT (a Go
// duration, default 10m). loftctl polls every second; instances here are often ready within
// milliseconds, so the first polls come sooner and back off to one second.

import type { KubeObject, ManagementClient } from './api.ts';
import { projectNamespace } from './api.ts';
import type { CliContext } from './context.ts';
import { CliError } from './errors.ts';
import type { Progress } from './progress.ts';

const units: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, 'μs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Returns Go duration `text` ("10m", "1h30m", "1.5s", "0") in milliseconds; throws on anything else. */
export function parseGoDuration(text: string): number {
  const s = text.trim();
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let at = 0;
  let sign = 1;
  if (s.startsWith('-') || s.startsWith('+')) {
    sign = s.startsWith('-') ? -1 : 1;
    at = 1;
  }
  re.lastIndex = at;
  if (at >= s.length) throw new Error(`time: invalid duration "${text}"`);
  while (re.lastIndex < s.length) {
    const m = re.exec(s);
    if (!m) throw new Error(`time: invalid duration "${text}"`);
    total += Number(m[1]) * (units[m[2] as string] as number);
  }
  return sign * total;
}

/** Returns the wait timeout of this run: $LOFT_TIMEOUT, else 10 minutes. */
export function loftTimeout(env: Record<string, string | undefined>): { ms: number; text: string } {
  const text = env.LOFT_TIMEOUT;
  if (!text) return { ms: 10 * 60_000, text: '10m' };
  try {
    return { ms: parseGoDuration(text), text };
  } catch (err) {
    throw new CliError(`invalid LOFT_TIMEOUT: ${(err as Error).message}`);
  }
}

/** Returns "message (reason)" of an instance's status, or of its first false condition. */
export function statusSummary(vci: KubeObject): string {
  const status = vci.status ?? {};
  let reason = typeof status.reason === 'string' ? status.reason : '';
  let message = typeof status.message === 'string' ? status.message : '';
  if (!reason && !message) {
    const failing = ((status.conditions as Array<Record<string, unknown>> | undefined) ?? []).find((c) => c.status === 'False');
    reason = typeof failing?.reason === 'string' ? failing.reason : '';
    message = typeof failing?.message === 'string' ? failing.message : '';
  }
  if (message && reason) return `${message} (${reason})`;
  return message || reason;
}

/** Returns the phase of an instance ("" before the platform has looked at it). */
export function phaseOf(vci: KubeObject): string {
  return typeof vci.status?.phase === 'string' ? vci.status.phase : '';
}

/** Wakes a sleeping instance: drops the force-sleep annotations and records activity now (loftctl wakeupVCluster). */
export async function wakeUp(ctx: CliContext, api: ManagementClient, vci: KubeObject): Promise<void> {
  await api.mergePatch('virtualclusterinstances', vci.metadata?.name ?? '', vci.metadata?.namespace, {
    metadata: {
      annotations: {
        'sleepmode.loft.sh/force': null,
        'sleepmode.loft.sh/force-duration': null,
        'sleepmode.loft.sh/last-activity': String(Math.floor(ctx.now() / 1000)),
      },
    },
  });
}

/** Waits until instance `name` of `project` is Ready (or Sleeping, after waking it); returns it. */
export async function waitForVirtualCluster(ctx: CliContext, api: ManagementClient, project: string, name: string, progress: Progress): Promise<KubeObject> {
  const timeout = loftTimeout(ctx.env);
  const namespace = projectNamespace(project);
  const deadline = ctx.now() + timeout.ms;
  let vci = await api.get<KubeObject>('virtualclusterinstances', name, namespace);
  if (phaseOf(vci) === 'Sleeping') {
    progress.info(`Waking up virtual cluster ${name}`);
    await wakeUp(ctx, api, vci);
    return vci;
  }
  let delay = 100;
  for (let first = true; ; first = false) {
    const phase = phaseOf(vci) || 'Pending';
    if (phase === 'Ready' || phase === 'Sleeping') {
      progress.succeed(`Virtual cluster ${name} in project ${project} is ${phase.toLowerCase()}`);
      return vci;
    }
    const summary = statusSummary(vci);
    if (phase === 'Failed') {
      progress.fail();
      throw new CliError(`virtual cluster ${name} in project ${project} failed${summary ? `: ${summary}` : ''}`);
    }
    if (ctx.now() >= deadline) {
      progress.fail();
      throw new CliError(`timed out after ${timeout.text} waiting for virtual cluster ${name} in project ${project} to become ready (phase ${phase}${summary ? `: ${summary}` : ''}); LOFT_TIMEOUT sets the limit`);
    }
    const text = `Waiting for virtual cluster ${name} in project ${project} to become ready (phase ${phase}${summary ? `: ${summary}` : ''})`;
    if (first) progress.start(text);
    else progress.update(text);
    await ctx.sleep(Math.min(delay, Math.max(0, deadline - ctx.now())));
    delay = Math.min(delay * 2, 1000);
    vci = await api.get<KubeObject>('virtualclusterinstances', name, namespace);
  }
}
