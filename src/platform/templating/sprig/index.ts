// Sprig (Masterminds/sprig v3.3) as Helm exposes it: every function except env and
// expandenv (removed by Helm and by Loft), getHostByName (network access from a template) and
// the certificate/bcrypt generators (not implemented; calling them fails to parse with
// `function "genCA" not defined`).

import type { FuncDef } from '../values.ts';
import { cryptoFuncs } from './crypto.ts';
import { dateFuncs } from './dates.ts';
import { defaultFuncs } from './defaults.ts';
import { dictFuncs } from './dicts.ts';
import { encodingFuncs } from './encoding.ts';
import { listFuncs } from './lists.ts';
import { mathFuncs } from './math.ts';
import { pathFuncs } from './paths.ts';
import { regexFuncs } from './regex.ts';
import { semverFuncs } from './semver.ts';
import { stringFuncs } from './strings.ts';

/** Returns the Sprig function table. */
export function sprigFuncs(): Map<string, FuncDef> {
  return new Map(Object.entries({
    ...stringFuncs(), ...listFuncs(), ...dictFuncs(), ...mathFuncs(), ...defaultFuncs(), ...encodingFuncs(),
    ...cryptoFuncs(), ...semverFuncs(), ...regexFuncs(), ...dateFuncs(), ...pathFuncs(),
  }));
}
