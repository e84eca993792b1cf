// The status conditions a terminating namespace reports (pkg/controller/namespace/deletion
// status_condition_utils.go): each of the five types is always present, True with the failure
// while it lasts and False with the "ok" reason and message otherwise.

import { clone, rfc3339 } from '../../registry/index.ts';

/** NamespaceCondition is one entry of status.conditions (core/v1 NamespaceCondition). */
export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** What one pass of content deletion found. */
export interface DeletionOutcome {
  /** "resource.group" → instances still present. */
  remaining: Map<string, number>;
  /** finalizer → instances still carrying it. */
  finalizers: Map<string, number>;
  /** One message per resource whose list or delete failed. */
  errors: string[];
}

/** The condition types the namespace controller maintains, in upstream's order. */
const conditionTypes = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const ok: Record<(typeof conditionTypes)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
};

/** Returns the failing conditions an outcome implies (the others are reported "ok"). */
function failures(outcome: DeletionOutcome): Map<string, { reason: string; message: string }> {
  const out = new Map<string, { reason: string; message: string }>();
  if (outcome.errors.length > 0) {
    const msgs = [...outcome.errors].sort();
    out.set('NamespaceDeletionContentFailure', {
      reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
    });
  }
  const remaining = [...outcome.remaining].filter(([, n]) => n > 0).map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
  if (remaining.length > 0) {
    out.set('NamespaceContentRemaining', { reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${remaining.join(', ')}` });
  }
  const finalizers = [...outcome.finalizers].filter(([, n]) => n > 0).map(([f, n]) => `${f} in ${n} resource instances`).sort();
  if (finalizers.length > 0) {
    out.set('NamespaceFinalizersRemaining', { reason: 'SomeFinalizerRemain', message: `Some finalizers are remaining: ${finalizers.join(', ')}` });
  }
  return out;
}

/**
 * Returns the namespace's status with the deletion conditions brought up to date, or undefined
 * when nothing changed (lastTransitionTime moves only when a condition's status flips).
 */
export function withDeletionConditions(status: Record<string, unknown> | undefined, outcome: DeletionOutcome, now = new Date()): Record<string, unknown> | undefined {
  const next = clone(status ?? {}) as { conditions?: NamespaceCondition[] };
  const conditions = (next.conditions ??= []);
  const failed = failures(outcome);
  let changed = false;
  for (const type of conditionTypes) {
    const failure = failed.get(type);
    const wanted = { status: failure ? ('True' as const) : ('False' as const), ...(failure ?? ok[type]) };
    const existing = conditions.find((c) => c.type === type);
    if (!existing) {
      conditions.push({ type, status: wanted.status, lastTransitionTime: rfc3339(now), reason: wanted.reason, message: wanted.message });
      changed = true;
    } else if (existing.status !== wanted.status || existing.reason !== wanted.reason || existing.message !== wanted.message) {
      if (existing.status !== wanted.status) existing.lastTransitionTime = rfc3339(now);
      existing.status = wanted.status;
      existing.reason = wanted.reason;
      existing.message = wanted.message;
      changed = true;
    }
  }
  return changed ? (next as Record<string, unknown>) : undefined;
}
