// Summarises a V8 .cpuprofile (from `node --cpu-prof`, or BENCH_PROFILE_DIR=<dir> for the servers
// the benchmarks start): the functions with the most self time, the most inclusive time, and
// optionally the callers of one function. The findings in docs/benchmarks.md were read this way.
//
//   node_modules/.bin/node bench/lib/cpu-profile.ts <file.cpuprofile> [top=30]
//   node_modules/.bin/node bench/lib/cpu-profile.ts <file.cpuprofile> --callers 'decode src/storage/store.ts' [depth=3]
//
// Inclusive time counts a function once per sample however often it recurses. Time spent after
// an `await` is attributed to the async function's own frame with the microtask runner as its
// root: follow a function's synchronous callers with --callers.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A function's share of a profile. */
export interface Entry {
  frame: string;
  ms: number;
  share: number;
}

/** Returns "<function> <path relative to the repo>:<line>" of a node. */
function frameOf(node: ProfileNode): string {
  const url = node.callFrame.url.replace(/^file:\/\//, '').replace(/^.*?\/(src|bench|node_modules|test)\//, '$1/');
  return `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
}

/** Summary is the self and inclusive time of every function of a profile. */
export interface Summary {
  totalMs: number;
  self: Entry[];
  inclusive: Entry[];
}

/** Returns the self and inclusive time per function of `profile`, largest first. */
export function summarizeProfile(profile: Profile): Summary {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfBySample = new Map<number, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    selfBySample.set(id, (selfBySample.get(id) ?? 0) + dt);
  });
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  for (const [id, t] of selfBySample) {
    const leaf = frameOf(nodes.get(id) as ProfileNode);
    self.set(leaf, (self.get(leaf) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const frame = frameOf(nodes.get(cur) as ProfileNode);
      if (seen.has(frame)) continue;
      seen.add(frame);
      inclusive.set(frame, (inclusive.get(frame) ?? 0) + t);
    }
  }
  const entries = (m: Map<string, number>): Entry[] =>
    [...m].map(([frame, us]) => ({ frame, ms: us / 1000, share: total > 0 ? us / total : 0 })).sort((a, b) => b.ms - a.ms);
  return { totalMs: total / 1000, self: entries(self), inclusive: entries(inclusive) };
}

/** Returns the time under frames matching `target`, grouped by their `depth` nearest callers. */
export function callersOf(profile: Profile, target: string, depth: number): Entry[] {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const byChain = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const chain: string[] = [];
    let found = false;
    for (let cur: number | undefined = id; cur !== undefined && chain.length < depth; cur = parent.get(cur)) {
      const frame = frameOf(nodes.get(cur) as ProfileNode);
      if (found) chain.push(frame);
      else if (frame.includes(target)) found = true;
    }
    if (!found) return;
    const dt = profile.timeDeltas[i] ?? 0;
    total += dt;
    const key = chain.join(' ← ');
    byChain.set(key, (byChain.get(key) ?? 0) + dt);
  });
  return [...byChain].map(([frame, us]) => ({ frame, ms: us / 1000, share: total > 0 ? us / total : 0 })).sort((a, b) => b.ms - a.ms);
}

function line(e: Entry): string {
  return `${e.ms.toFixed(0).padStart(8)} ms ${(e.share * 100).toFixed(1).padStart(5)}%  ${e.frame}`;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [file, ...rest] = process.argv.slice(2);
  if (!file) throw new Error('usage: cpu-profile.ts <file.cpuprofile> [top] | --callers <function> [depth]');
  const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
  if (rest[0] === '--callers') {
    const target = rest[1] ?? '';
    const entries = callersOf(profile, target, Number(rest[2] ?? 3));
    const total = entries.reduce((s, e) => s + e.ms, 0);
    process.stdout.write(`${target}: ${total.toFixed(0)} ms, by caller chain\n${entries.slice(0, 20).map(line).join('\n')}\n`);
  } else {
    const top = Number(rest[0] ?? 30);
    const summary = summarizeProfile(profile);
    process.stdout.write(
      `total ${summary.totalMs.toFixed(0)} ms\n\nself time\n${summary.self.slice(0, top).map(line).join('\n')}\n\n` +
        `inclusive time\n${summary.inclusive.slice(0, top).map(line).join('\n')}\n`,
    );
  }
}
