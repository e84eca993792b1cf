// The platform's structured logger (pino, JSON lines on stderr). Credentials are never logged:
// request logging records method, path and status only, and the redaction paths below catch
// any header or token that reaches a log call by mistake (CVE-2019-11250 class).

import { pino, type Logger as PinoLogger } from 'pino';

/** Returns the platform logger at `level`. */
export function createLogger(level = process.env.LOFT_LOG_LEVEL ?? 'info'): PinoLogger {
  return pino(
    {
      level,
      base: undefined,
      redact: {
        paths: ['authorization', 'token', 'accessKey', 'accesskey', 'password', '*.authorization', '*.token', '*.accessKey', '*.password', 'headers.authorization', 'req.headers.authorization'],
        censor: '[redacted]',
      },
    },
    pino.destination({ fd: 2, sync: false }),
  );
}
