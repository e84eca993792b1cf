// Settings from the environment and progress lines, shared by the benchmarks.

/** Returns a positive number from the environment variable `name`, or `fallback`. */
export function numberEnv(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

/** Returns a positive integer from the environment variable `name`, or `fallback`. */
export function intEnv(name: string, fallback: number): number {
  const value = numberEnv(name, fallback);
  if (!Number.isInteger(value)) throw new Error(`${name} must be a whole number, got "${value}"`);
  return value;
}

/** Writes one progress line to stderr (stdout carries only the results). */
export function progress(message: string): void {
  process.stderr.write(`  ${message}\n`);
}
