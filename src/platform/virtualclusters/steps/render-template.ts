// Step 4, rendering (loft-platform-api.md §4.3): the resolved definition is rendered with
// `.Values.<parameter>` and `.Values.loft.*`, decoded, and the instance's extraAccessRules are
// appended to access.rules (§8.2). The result is status.virtualCluster, TemplateResolved turns
// True, and templateRef.syncOnce is cleared (step 5 writes it). A failure is
// TemplateResolved=False, reason ErrorRenderingTemplate, with the template's line.

import { conditionTypes, reasons } from '../conditions.ts';
import { keepLastDefinition, loftValues, renderInputsHash, specOf, templateRefOf, type ReconcileContext, type Step } from '../context.ts';
import { RenderError, renderDefinition } from '../render.ts';
import { asObject, type InstanceAccessRule, type TemplateDefinition } from '../types.ts';

/** Returns `rendered` with the instance's extraAccessRules appended to access.rules. */
export function withExtraAccessRules(rendered: TemplateDefinition, extra: unknown): TemplateDefinition {
  const rules = Array.isArray(extra) ? (extra.filter((r) => asObject(r)) as InstanceAccessRule[]) : [];
  if (rules.length === 0) return rendered;
  const access = rendered.access ?? {};
  return { ...rendered, access: { ...access, rules: [...(Array.isArray(access.rules) ? access.rules : []), ...rules] } };
}

/** Rendering: status.virtualCluster from the resolved template, parameters and extra access rules. */
export const renderTemplateStep: Step = {
  name: 'render-template',
  async run(ctx: ReconcileContext): Promise<void> {
    const resolved = ctx.resolved;
    if (!resolved || !ctx.sync || !ctx.values) return;
    let rendered: TemplateDefinition;
    try {
      rendered = renderDefinition(resolved.definition, { ...ctx.values, loft: loftValues(ctx) }, resolved.sourcePath);
    } catch (err) {
      if (!(err instanceof RenderError)) throw err;
      ctx.conditions.markFalse(conditionTypes.TemplateResolved, reasons.ErrorRenderingTemplate, err.message);
      keepLastDefinition(ctx);
      return;
    }
    rendered = withExtraAccessRules(rendered, specOf(ctx.vci).extraAccessRules);
    ctx.rendered = rendered;
    ctx.status.virtualCluster = rendered;
    ctx.applied = { name: resolved.name, version: resolved.version, templateHash: resolved.hash, inputsHash: renderInputsHash(ctx) };
    ctx.clearSyncOnce = templateRefOf(ctx.vci).syncOnce === true;
    const what = resolved.name ? `template ${JSON.stringify(resolved.name)}${resolved.version ? ` version ${resolved.version}` : ''}` : 'the inline template';
    ctx.conditions.markTrue(conditionTypes.TemplateResolved, `rendered ${what}`);
  },
};
