// Template version resolution as loft does it (loft-platform-api.md §4.1, loftctl
// pkg/version/version.go GetLatestVersion / GetLatestMatchedVersion):
//   1. the latest version is the highest semver among spec.versions[].version (a leading "v" is
//      stripped; unparsable versions are skipped);
//   2. a pattern is lower-cased, its leading "v" stripped and split on "."; it must have exactly
//      three parts ("expected version in format: 0.0.0" → VersionError);
//   3. each part is "x" (any) or must equal the decimal major/minor/patch; a part that is
//      neither a number nor x matches nothing (VersionNotFound);
//   4. the result is the highest matching version.

import semver from 'semver';

/** Why a pattern selects no version: TemplateResolved reasons VersionError / VersionNotFound. */
export interface VersionFailure {
  reason: 'VersionError' | 'VersionNotFound';
  message: string;
}

/** The outcome of resolving a pattern against a template's versions (indexes into the list). */
export interface VersionResolution {
  /** Index of the highest version overall. */
  latest: number | undefined;
  /** Index of the highest version the pattern matches (the latest when there is no pattern). */
  matched: number | undefined;
  failure?: VersionFailure;
}

/** Returns the parsed semver of a template version ("1.2.3" or "v1.2.3"), or undefined. */
export function parseTemplateVersion(version: unknown): semver.SemVer | undefined {
  if (typeof version !== 'string') return undefined;
  return semver.parse(version.replace(/^[vV]/, '')) ?? undefined;
}

/** Returns the pattern's three parts ("x" or a decimal string), or the VersionError. */
export function parseVersionPattern(pattern: string): string[] | VersionFailure {
  const parts = pattern.toLowerCase().replace(/^v/, '').split('.');
  if (parts.length !== 3) return { reason: 'VersionError', message: `couldn't parse version ${pattern}, expected version in format: 0.0.0` };
  return parts;
}

/** Returns whether version `v` matches the pattern parts (each "x" or equal to the decimal number). */
function matches(parts: string[], v: semver.SemVer): boolean {
  const numbers = [v.major, v.minor, v.patch];
  return parts.every((p, i) => p === 'x' || p === String(numbers[i]));
}

/** Returns the latest version and the latest version matching `pattern` (empty pattern = latest). */
export function resolveVersion(versions: readonly unknown[], pattern: string | undefined): VersionResolution {
  const parsed = versions.map(parseTemplateVersion);
  let latest: number | undefined;
  parsed.forEach((v, i) => {
    if (v && (latest === undefined || semver.gt(v, parsed[latest] as semver.SemVer))) latest = i;
  });
  if (!pattern) {
    if (latest === undefined) return { latest, matched: undefined, failure: { reason: 'VersionNotFound', message: 'the template has no valid version' } };
    return { latest, matched: latest };
  }
  const parts = parseVersionPattern(pattern);
  if (!Array.isArray(parts)) return { latest, matched: undefined, failure: parts };
  let matched: number | undefined;
  parsed.forEach((v, i) => {
    if (v && matches(parts, v) && (matched === undefined || semver.gt(v, parsed[matched] as semver.SemVer))) matched = i;
  });
  if (matched === undefined) {
    const known = versions.filter((v): v is string => typeof v === 'string').join(', ') || 'none';
    const bad = parts.find((p) => p !== 'x' && !/^\d+$/.test(p));
    const why = bad !== undefined ? `"${bad}" is neither a number nor x` : `no version matches`;
    return { latest, matched, failure: { reason: 'VersionNotFound', message: `couldn't find a version for ${pattern}: ${why} (versions: ${known})` } };
  }
  return { latest, matched };
}
