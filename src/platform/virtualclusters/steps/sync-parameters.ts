// Step 3, parameters (loft-platform-api.md §4.2): spec.parameters, checked and typed against
// the parameters the resolved template (version) declares; see parameters.ts for the rules.
// A failure is TemplateResolved=False, reason ErrorSyncingParameters, naming the parameter.

import { conditionTypes, reasons } from '../conditions.ts';
import { keepLastDefinition, specOf, type ReconcileContext, type Step } from '../context.ts';
import { ParameterError, resolveParameters } from '../parameters.ts';

/** Parameters: `.Values` from spec.parameters and the template's declarations. */
export const syncParametersStep: Step = {
  name: 'sync-parameters',
  async run(ctx: ReconcileContext): Promise<void> {
    if (!ctx.resolved || !ctx.sync) return;
    try {
      ctx.values = resolveParameters(specOf(ctx.vci).parameters, ctx.resolved.parameters);
    } catch (err) {
      if (!(err instanceof ParameterError)) throw err;
      ctx.conditions.markFalse(conditionTypes.TemplateResolved, reasons.ErrorSyncingParameters, err.message);
      keepLastDefinition(ctx);
    }
  },
};
