// Step 2, TemplateResolved (lookup and version) and TemplateSynced (loft-platform-api.md §4.1):
//   1. an inline spec.template needs no template object and is always in sync;
//   2. templateRef names a VirtualClusterTemplate; a missing one is TemplateNotFound;
//   3. a versioned template: every pass re-evaluates templateRef.version against the current
//      versions (no version = the latest; 1.x.x / 1.2.x / x.x.x wildcards, case-insensitive;
//      exact pins still receive edits of that version); a newer version the pattern does not
//      match → TemplateSynced=False, NewTemplateVersionAvailable;
//   4. an unversioned template reaches the instance only when it is first applied, with
//      templateRef.syncOnce, or with version exactly "x.x.x" (the case-sensitive sentinel; "X.X.X"
//      counts as no version). A change of the instance's own inputs (parameters,
//      extraAccessRules, its .Values.loft values) also re-renders: the user asked for that change.
//      Otherwise a changed template → TemplateSynced=False, TemplateChangesAvailable, and the
//      instance keeps running the definition in status.virtualCluster;
//   5. whatever the template kind, a definition already rendered from the same template content
//      and the same inputs is not rendered again: rendering costs CPU, and a template calling
//      randAlphaNum or now would otherwise change status on every pass, and every pass would
//      trigger the next.
// Until a template resolves the instance has nothing to deploy; once deployed, a failure here
// leaves it running status.virtualCluster.

import type { KubeObject } from '../../../apimachinery/index.ts';
import { conditionTypes, reasons } from '../conditions.ts';
import {
  appliedTemplateOf,
  contentHash,
  keepLastDefinition,
  previousDefinition,
  renderInputsHash,
  specOf,
  templateRefOf,
  type ReconcileContext,
  type ResolvedTemplate,
  type Step,
} from '../context.ts';
import { managementCluster, managementGroup } from '../names.ts';
import { resolveVersion } from '../versions.ts';
import { asObject, type AppParameter, type TemplateDefinition } from '../types.ts';

function failResolve(ctx: ReconcileContext, reason: string, message: string): void {
  ctx.conditions.markFalse(conditionTypes.TemplateResolved, reason, message);
  keepLastDefinition(ctx);
}

function parametersOf(v: unknown): AppParameter[] {
  return Array.isArray(v) ? (v.filter((p) => asObject(p)) as AppParameter[]) : [];
}

/** Returns the template content the instance resolves to, after recording why there is none. */
async function resolveTemplate(ctx: ReconcileContext): Promise<{ resolved: ResolvedTemplate; unversioned: boolean; follow: boolean } | undefined> {
  const spec = specOf(ctx.vci);
  const ref = templateRefOf(ctx.vci);
  const { conditions } = ctx;
  if (!ref.name) {
    const inline = asObject(spec.template) as TemplateDefinition | undefined;
    if (!inline) {
      failResolve(ctx, reasons.TemplateNotFound, 'the instance has neither spec.templateRef.name nor spec.template');
      return undefined;
    }
    conditions.markTrue(conditionTypes.TemplateSynced, 'the instance uses an inline template');
    const resolved = { name: '', version: '', definition: inline, parameters: [], sourcePath: 'spec.template', hash: contentHash({ template: inline }) };
    return { resolved, unversioned: false, follow: false };
  }

  const template: KubeObject | undefined = await ctx.client.must(managementCluster, managementGroup, 'virtualclustertemplates').get(undefined, ref.name);
  if (!template) {
    failResolve(ctx, reasons.TemplateNotFound, `virtual cluster template ${JSON.stringify(ref.name)} not found`);
    return undefined;
  }
  const tspec = asObject(template.spec) ?? {};
  const versions = Array.isArray(tspec.versions) ? tspec.versions.map((v) => asObject(v) ?? {}) : [];

  if (versions.length > 0) {
    const resolution = resolveVersion(
      versions.map((v) => v.version),
      ref.version,
    );
    if (resolution.failure || resolution.matched === undefined) {
      const failure = resolution.failure ?? { reason: reasons.VersionNotFound, message: 'no version found' };
      failResolve(ctx, failure.reason, `virtual cluster template ${JSON.stringify(ref.name)}: ${failure.message}`);
      return undefined;
    }
    const chosen = versions[resolution.matched] ?? {};
    const definition = (asObject(chosen.template) ?? {}) as TemplateDefinition;
    const parameters = parametersOf(chosen.parameters);
    const latest = resolution.latest === undefined ? undefined : versions[resolution.latest];
    if (latest && resolution.latest !== resolution.matched) {
      conditions.markFalse(
        conditionTypes.TemplateSynced,
        reasons.NewTemplateVersionAvailable,
        `version ${String(latest.version)} of template ${JSON.stringify(ref.name)} is available; version ${JSON.stringify(ref.version ?? '')} selects ${String(chosen.version)}`,
        'Info',
      );
    } else {
      conditions.markTrue(conditionTypes.TemplateSynced, `the instance runs version ${String(chosen.version)} of template ${JSON.stringify(ref.name)}`);
    }
    const resolved = {
      name: ref.name,
      version: String(chosen.version),
      definition,
      parameters,
      sourcePath: `virtualclustertemplate ${JSON.stringify(ref.name)} spec.versions[${resolution.matched}].template`,
      hash: contentHash({ template: definition, parameters }),
    };
    return { resolved, unversioned: false, follow: false };
  }

  const version = ref.version ?? '';
  if (version !== '' && version.toLowerCase() !== 'x.x.x') {
    failResolve(ctx, reasons.VersionNotFound, `virtual cluster template ${JSON.stringify(ref.name)} has no versions, so version ${JSON.stringify(version)} cannot be resolved`);
    return undefined;
  }
  const definition = (asObject(tspec.template) ?? {}) as TemplateDefinition;
  const parameters = parametersOf(tspec.parameters);
  const resolved = {
    name: ref.name,
    version: '',
    definition,
    parameters,
    sourcePath: `virtualclustertemplate ${JSON.stringify(ref.name)} spec.template`,
    hash: contentHash({ template: definition, parameters }),
  };
  return { resolved, unversioned: true, follow: version === 'x.x.x' };
}

/** TemplateResolved (lookup, version), TemplateSynced, and whether to render this pass. */
export const templateResolvedStep: Step = {
  name: 'template-resolved',
  async run(ctx: ReconcileContext): Promise<void> {
    if (!ctx.project) return;
    const found = await resolveTemplate(ctx);
    if (!found) return;
    const { resolved, unversioned, follow } = found;
    const { conditions } = ctx;
    ctx.resolved = resolved;

    const syncOnce = templateRefOf(ctx.vci).syncOnce === true;
    const applied = appliedTemplateOf(ctx.vci);
    const previous = previousDefinition(ctx);
    const inputsSame = applied !== undefined && applied.name === resolved.name && applied.inputsHash === renderInputsHash(ctx);
    const templateSame = applied !== undefined && applied.templateHash === resolved.hash && applied.version === resolved.version;
    const upToDate = previous !== undefined && inputsSame && templateSame && conditions.isTrue(conditionTypes.TemplateResolved);
    // Unversioned templates reach an instance only on these occasions (step 4 above).
    const allowed = !unversioned || follow || syncOnce || previous === undefined || applied === undefined || !inputsSame;
    ctx.sync = syncOnce || (allowed && !upToDate);
    if (unversioned) {
      if (allowed || templateSame) {
        conditions.markTrue(conditionTypes.TemplateSynced, `the instance runs the current template ${JSON.stringify(resolved.name)}`);
      } else {
        conditions.markFalse(
          conditionTypes.TemplateSynced,
          reasons.TemplateChangesAvailable,
          `template ${JSON.stringify(resolved.name)} changed; set spec.templateRef.syncOnce to true (or version to x.x.x) to apply the changes`,
          'Info',
        );
      }
    }
    if (!ctx.sync) {
      ctx.rendered = previous;
      if (!conditions.isTrue(conditionTypes.TemplateResolved)) {
        conditions.markTrue(conditionTypes.TemplateResolved, `the instance runs template ${JSON.stringify(resolved.name)} as applied before`);
      }
    }
  },
};
