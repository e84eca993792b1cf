// Errors of the CLI and the exit code each maps to (aesthetics-ecosystem.md B2 item 9): 1 for an
// error, 2 for a usage error. main prints every one as "error: <message>" on stderr, kubectl's form.

/** An error the CLI reports and exits 1 with. */
export class CliError extends Error {
  readonly exitCode: number = 1;
}

/** A usage error (bad flag value or combination, missing argument): exit code 2. */
export class UsageError extends CliError {
  override readonly exitCode: number = 2;
}

/** An error answer of the platform; `message` is the server's Status message, verbatim. */
export class ApiError extends CliError {
  readonly code: number;
  readonly reason: string;

  constructor(message: string, code: number, reason: string) {
    super(message);
    this.code = code;
    this.reason = reason;
  }
}

/** Returns whether `err` is an ApiError with HTTP status `code`. */
export function isStatus(err: unknown, code: number): err is ApiError {
  return err instanceof ApiError && err.code === code;
}
