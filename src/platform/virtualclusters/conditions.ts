// Conditions of a VirtualClusterInstance, Cluster-API style as loft declares them (agentapi
// storage/v1 Condition: type, status, severity, lastTransitionTime, reason, message). The types,
// reasons and the readiness-gating list are loft's (loft-platform-api.md §3).

/** A condition's status. */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** How bad a False condition is; "MUST be set only when Status=False". */
export type Severity = 'Error' | 'Warning' | 'Info';

/** Condition as stored in status.conditions. */
export interface Condition {
  type: string;
  status: ConditionStatus;
  severity?: Severity;
  lastTransitionTime: string;
  reason?: string;
  message?: string;
}

/** The condition types this controller sets, in the order status.conditions lists them. */
export const conditionTypes = {
  Scheduled: 'Scheduled',
  TemplateResolved: 'TemplateResolved',
  TemplateSynced: 'TemplateSynced',
  SpaceSynced: 'SpaceSynced',
  SpaceReady: 'SpaceReady',
  VirtualClusterSynced: 'VirtualClusterSynced',
  VirtualClusterReady: 'VirtualClusterReady',
  VirtualClusterAppsAndObjectsSynced: 'VirtualClusterAppsAndObjectsSynced',
} as const;

/** loft's VirtualClusterConditions: the conditions that gate phase Ready (§3). */
export const readinessConditions: readonly string[] = [
  conditionTypes.Scheduled,
  conditionTypes.TemplateResolved,
  conditionTypes.SpaceSynced,
  conditionTypes.SpaceReady,
  conditionTypes.VirtualClusterSynced,
  conditionTypes.VirtualClusterReady,
];

/** Reasons of TemplateResolved=False (doc troubleshoot/template-sync-failures) and TemplateSynced=False. */
export const reasons = {
  TemplateNotFound: 'TemplateNotFound',
  VersionError: 'VersionError',
  VersionNotFound: 'VersionNotFound',
  ErrorSyncingParameters: 'ErrorSyncingParameters',
  ErrorRenderingTemplate: 'ErrorRenderingTemplate',
  NewTemplateVersionAvailable: 'NewTemplateVersionAvailable',
  TemplateChangesAvailable: 'TemplateChangesAvailable',
} as const;

/** A change to one condition. */
export interface ConditionUpdate {
  type: string;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  /** Only for False; defaults to Error there (loft marks failures Error). */
  severity?: Severity;
}

/** ConditionSet edits a copy of status.conditions; nothing changes unless a condition does. */
export class ConditionSet {
  private readonly byType = new Map<string, Condition>();
  private readonly now: () => string;

  constructor(existing: readonly Condition[] | undefined, now: () => string) {
    for (const c of existing ?? []) if (c && typeof c.type === 'string') this.byType.set(c.type, { ...c });
    this.now = now;
  }

  /** Returns the condition of `type`, if set. */
  get(type: string): Condition | undefined {
    return this.byType.get(type);
  }

  /** Returns whether the condition of `type` is True. */
  isTrue(type: string): boolean {
    return this.byType.get(type)?.status === 'True';
  }

  /** Sets a condition; lastTransitionTime moves only when the status changes. */
  set(update: ConditionUpdate): void {
    const before = this.byType.get(update.type);
    const next: Condition = {
      type: update.type,
      status: update.status,
      lastTransitionTime: before && before.status === update.status ? before.lastTransitionTime : this.now(),
    };
    if (update.status === 'False') next.severity = update.severity ?? 'Error';
    if (update.reason) next.reason = update.reason;
    if (update.message) next.message = update.message;
    this.byType.set(update.type, next);
  }

  /** Sets `type` True with an optional message. */
  markTrue(type: string, message?: string, reason?: string): void {
    this.set({ type, status: 'True', message, reason });
  }

  /** Sets `type` False with a reason, a message and a severity (Error unless said otherwise). */
  markFalse(type: string, reason: string, message: string, severity: Severity = 'Error'): void {
    this.set({ type, status: 'False', reason, message, severity });
  }

  /** Returns the conditions: the known types in their order, then any others as they were. */
  list(): Condition[] {
    const order: string[] = Object.values(conditionTypes);
    return [...this.byType.values()].sort((a, b) => rank(order, a.type) - rank(order, b.type));
  }
}

function rank(order: string[], type: string): number {
  const i = order.indexOf(type);
  return i === -1 ? order.length : i;
}
