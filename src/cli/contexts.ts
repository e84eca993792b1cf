// Writing and removing the kube contexts of virtual clusters and of the management API, the way
// create, use and delete share it: --print sends a kubeconfig to stdout instead of writing one.

import { existsSync } from 'node:fs';
import type { CliContext } from './context.ts';
import {
  contextSpec,
  managementContextName,
  managementServerPath,
  removeContext,
  setContext,
  standaloneKubeconfig,
  updateKubeconfig,
  vclusterContextName,
  vclusterServerPath,
} from './kubeconfig.ts';
import type { Progress } from './progress.ts';
import { kubeconfigFileOf, type GlobalOptions, type Session } from './session.ts';

/** Where a context points. */
export interface ContextTarget {
  name: string;
  path: string;
}

/** Returns the context of virtual cluster `name` in `project`. */
export function vclusterTarget(name: string, project: string): ContextTarget {
  return { name: vclusterContextName(name, project), path: vclusterServerPath(name, project) };
}

/** The context of the management API. */
export const managementTarget: ContextTarget = { name: managementContextName, path: managementServerPath };

/** How a command hands out a context. */
export interface ContextOptions {
  /** Print a kubeconfig on stdout instead of writing the kubeconfig file. */
  print?: boolean;
  /** Write the context (default true). */
  create?: boolean;
  /** Make it the current context (default true). */
  switchContext?: boolean;
}

/** Writes (or prints) the context for `target`; returns the kubeconfig file written, if any. */
export function provideContext(ctx: CliContext, globals: GlobalOptions, session: Pick<Session, 'config' | 'configFile'>, target: ContextTarget, options: ContextOptions, progress: Progress): string | undefined {
  const spec = contextSpec(session.config, session.configFile, target.name, target.path);
  if (options.print) {
    ctx.stdout.write(standaloneKubeconfig(spec));
    return undefined;
  }
  if (options.create === false) return undefined;
  const file = kubeconfigFileOf(ctx, globals);
  const switchContext = options.switchContext !== false;
  updateKubeconfig(file, (doc) => setContext(doc, spec, switchContext));
  progress.info(switchContext ? `Switched kube context to ${target.name}` : `Added kube context ${target.name} to ${file}`);
  return file;
}

/** Removes the context of `target` from the kubeconfig; reports the context that became current instead. */
export function dropContext(ctx: CliContext, globals: GlobalOptions, target: ContextTarget, progress: Progress): void {
  const file = kubeconfigFileOf(ctx, globals);
  if (!existsSync(file)) return;
  const result = updateKubeconfig(file, (doc) => removeContext(doc, target.name));
  if (!result.removed) return;
  progress.info(`Deleted kube context ${target.name}`);
  if (result.current !== undefined) progress.info(result.current ? `Switched kube context to ${result.current}` : 'No kube context is current now');
}
