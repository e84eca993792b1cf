// The slice of autocannon's API the benchmarks use (the package ships no types).

declare module 'autocannon' {
  import type { EventEmitter } from 'node:events';

  /** One request autocannon sends; setupRequest may rewrite it before each send. */
  export interface Request {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    setupRequest?: (request: Request, context: Record<string, unknown>) => Request;
  }

  export interface Options {
    url: string;
    connections?: number;
    /** Seconds. */
    duration?: number;
    amount?: number;
    pipelining?: number;
    timeout?: number;
    method?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    requests?: Request[];
    servername?: string;
    tlsOptions?: Record<string, unknown>;
    bailout?: number;
    /** Milliseconds between samples; a run with `amount` ends on the first tick after its last answer. */
    sampleInt?: number;
  }

  export interface Result {
    errors: number;
    timeouts: number;
    non2xx: number;
    duration: number;
    requests: { total: number; average: number };
    statusCodeStats: Record<string, { count: number }>;
  }

  export interface Instance extends EventEmitter {
    stop(): void;
  }

  export default function autocannon(options: Options, callback: (err: Error | null, result: Result) => void): Instance;
}
