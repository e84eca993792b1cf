// The raw reference of the API benchmark: a bare `node:https` server, in its own process like
// the platform, with the platform's own certificate and key, answering every request with the
// bytes (status, headers, body) the platform answered the same request with. It does nothing
// else: whatever the platform spends beyond this is its own cost (routing, authentication,
// authorization, admission, storage, serialization).
//
// Run as a child: `node bench/lib/bare-server.ts <cert.pem> <key.pem>`; it prints its port on
// stdout. The benchmark sets the reply with `POST /__reply` (JSON: method, status, headers,
// body in base64) before each cell. Requests with a body are read to the end before the reply.

import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Agent, request } from 'undici';

/** A reply the bare server sends: what the platform sent for the same request. */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

/** A running bare server child. */
export interface BareServer {
  port: number;
  pid: number;
  /** Makes every request with `method` get `reply` from now on. */
  setReply(method: string, reply: Reply): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the bare server as a child process with the platform's certificate and key. */
export async function startBareServer(certPath: string, keyPath: string, ca: string): Promise<BareServer> {
  const child: ChildProcess = spawn(process.execPath, [fileURLToPath(import.meta.url), certPath, keyPath], { stdio: ['ignore', 'pipe', 'inherit'] });
  // A bare server must not outlive the benchmark, whatever ends it.
  const kill = (): void => void child.kill('SIGKILL');
  process.once('exit', kill);
  child.once('exit', () => process.off('exit', kill));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString();
      const match = /^port (\d+)$/m.exec(out);
      if (match) resolve(Number(match[1]));
    });
    child.once('exit', (code) => reject(new Error(`bare server exited with ${code}`)));
  });
  const agent = new Agent({ connect: { ca, servername: 'localhost' } });
  return {
    port,
    pid: child.pid as number,
    async setReply(method, reply) {
      const res = await request(`https://127.0.0.1:${port}/__reply`, {
        method: 'POST',
        dispatcher: agent,
        body: JSON.stringify({ method, status: reply.status, headers: reply.headers, body: reply.body.toString('base64') }),
      });
      await res.body.text();
      if (res.statusCode !== 204) throw new Error(`bare server: setting the reply failed with ${res.statusCode}`);
    },
    async stop() {
      await agent.close();
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Runs the server itself (in the child). */
function serve(certPath: string, keyPath: string): Server {
  const replies = new Map<string, Reply>();
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const reply = replies.get(req.method ?? 'GET');
    if (!reply) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(reply.status, { ...reply.headers, 'Content-Length': reply.body.length });
    res.end(reply.body);
  };
  // The platform's own server options (apiserver/server.ts), so keep-alive behaves the same.
  const server = createServer(
    { cert: readFileSync(certPath), key: readFileSync(keyPath), requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 65_000 },
    (req, res) => {
      if (req.url === '/__reply' && req.method === 'POST') {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const r = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { method: string; status: number; headers: Record<string, string>; body: string };
          replies.set(r.method, { status: r.status, headers: r.headers, body: Buffer.from(r.body, 'base64') });
          res.writeHead(204).end();
        });
        return;
      }
      if (req.method === 'GET' || req.method === 'HEAD') {
        answer(req, res);
        return;
      }
      // Read the request body to the end, as any server must before it answers a write.
      req.on('data', () => undefined);
      req.on('end', () => answer(req, res));
    },
  );
  server.listen(0, '127.0.0.1', () => process.stdout.write(`port ${(server.address() as AddressInfo).port}\n`));
  process.once('SIGTERM', () => {
    server.closeAllConnections();
    server.close();
  });
  return server;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [certPath, keyPath] = process.argv.slice(2);
  if (!certPath || !keyPath) throw new Error('usage: bare-server.ts <cert.pem> <key.pem>');
  serve(certPath, keyPath);
}
