// Apply conflicts (structured-merge-diff merge/conflict.go) and the 409 the apiserver turns them
// into (k8s.io/apimachinery pkg/util/managedfields/internal/conflict.go):
//   Apply failed with 1 conflict: conflict with "kubectl-client-side-apply" using apps/v1: .spec.replicas
// and for several, grouped by manager (sorted by identifier), one path per line:
//   Apply failed with 2 conflicts: conflicts with "a" using v1:
//   - .data.x
//   - .data.y

import { StatusError, type StatusCause } from '../errors.ts';
import type { FieldSet } from './field-set.ts';
import { compareStrings, goQuote, pathString, type Path } from './path.ts';
import { parseManagerIdentifier } from './managers.ts';

/** Conflict is one field another manager owns and the apply would change. */
export interface Conflict {
  /** The other manager's identifier. */
  readonly manager: string;
  readonly path: Path;
}

/** ApplyConflicts is thrown by the updater when an apply without force would take fields from other managers. */
export class ApplyConflicts extends Error {
  readonly conflicts: readonly Conflict[];

  constructor(conflicts: readonly Conflict[]) {
    super(conflictMessage(conflicts));
    this.name = 'ApplyConflicts';
    this.conflicts = conflicts;
  }
}

/** Returns the conflicts for each manager's set of contested fields, managers in identifier order (ConflictsFromManagers). */
export function conflictsFromManagers(sets: Map<string, FieldSet>): Conflict[] {
  const out: Conflict[] = [];
  for (const manager of [...sets.keys()].sort(compareStrings)) {
    for (const path of (sets.get(manager) as FieldSet).paths()) out.push({ manager, path });
  }
  return out;
}

/** Returns how a conflict names a manager: `"name"`, plus ` with subresource "x"`, plus ` using <apiVersion>` for Update entries (printManager). */
export function printManager(manager: string): string {
  const info = parseManagerIdentifier(manager);
  if (!info) return goQuote(manager);
  let out = goQuote(info.manager ?? '');
  if (info.subresource) out = `${out} with subresource ${goQuote(info.subresource)}`;
  if (info.operation === 'Update') out = `${out} using ${info.apiVersion ?? ''}`;
  return out;
}

/** Returns the top-level message of an apply conflict (getConflictMessage). */
export function conflictMessage(conflicts: readonly Conflict[]): string {
  const [only] = conflicts;
  if (conflicts.length === 1 && only) {
    return `Apply failed with 1 conflict: conflict with ${printManager(only.manager)}: ${pathString(only.path)}`;
  }
  const byManager = new Map<string, Path[]>();
  for (const c of conflicts) {
    const paths = byManager.get(c.manager) ?? [];
    paths.push(c.path);
    byManager.set(c.manager, paths);
  }
  const lines: string[] = [];
  for (const manager of [...byManager.keys()].sort(compareStrings)) {
    lines.push(`conflicts with ${printManager(manager)}:`);
    for (const p of byManager.get(manager) as Path[]) lines.push(`- ${pathString(p)}`);
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

/** Returns the 409 Conflict a set of apply conflicts becomes, one FieldManagerConflict cause per field (NewConflictError). */
export function conflictError(conflicts: readonly Conflict[]): StatusError {
  const causes: StatusCause[] = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.manager)}`,
    field: pathString(c.path),
  }));
  return new StatusError(409, 'Conflict', conflictMessage(conflicts), { causes });
}
