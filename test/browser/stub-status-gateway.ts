import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { CustomerStatus } from '@contactmesh/web-widget/client';
import { type WebSocket, WebSocketServer } from 'ws';

// A stub of the status gateway (the contract of /tmp/status-api-contract.md, for the tokens it is
// given): /widget.js, GET status, POST commands (idempotent by commandId), the live socket with
// gone/4404, ping/pong and an Origin check, and CORS for one page origin. The test drives it:
// it pushes statuses, drops sockets, refuses reconnections and reads the commands received.

export interface StubGateway {
  readonly origin: string;
  /** Every command received, repeats included, in order. */
  readonly commands: {
    readonly token: string;
    readonly commandId: string;
    readonly command: { readonly kind: string } & Record<string, unknown>;
  }[];
  /** Sets a contact's status and pushes it to its live sockets. */
  setStatus(token: string, status: CustomerStatus): void;
  status(token: string): CustomerStatus | undefined;
  /** Closes every live socket with `code`; while `refuse` is true, new live sockets are turned away. */
  dropLive(code: number, refuse: boolean): void;
  acceptLive(): void;
  close(): Promise<void>;
}

export interface StubOptions {
  readonly widget: string;
  readonly pageOrigin: string;
  readonly contacts: Readonly<Record<string, CustomerStatus>>;
  /** The owner's refusal of a command kind, if it refuses it. */
  readonly refusals?: Readonly<Record<string, string>>;
}

const json = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) =>
  response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

async function readBody(request: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text;
}

export async function startStubGateway(options: StubOptions): Promise<StubGateway> {
  const contacts = new Map(Object.entries(options.contacts));
  const answers = new Map<string, unknown>();
  const live = new Map<string, Set<WebSocket>>();
  const commands: StubGateway['commands'] = [];
  let refuseLive = false;
  const cors = { 'access-control-allow-origin': options.pageOrigin, vary: 'Origin' };

  const setStatus = (token: string, status: CustomerStatus) => {
    contacts.set(token, status);
    for (const socket of live.get(token) ?? []) socket.send(JSON.stringify({ type: 'status', status }));
  };

  const answer = (token: string, command: StubGateway['commands'][number]['command']) => {
    const status = contacts.get(token);
    const refusal = options.refusals?.[command.kind];
    if (status === undefined) return { accepted: false, reason: 'the contact has ended' };
    if (refusal !== undefined) return { accepted: false, reason: refusal };
    if (command.kind === 'switchQueue' && typeof command.skillset === 'string' && status.otherQueues.includes(command.skillset)) {
      const moved: CustomerStatus = {
        ...status,
        skillset: command.skillset,
        otherQueues: [status.skillset, ...status.otherQueues.filter((q) => q !== command.skillset)],
        updatedAt: status.updatedAt + 1,
      };
      setStatus(token, moved);
      return { accepted: true, status: moved };
    }
    return { accepted: false, reason: `the stub does not do ${command.kind}` };
  };

  const server = createServer((request, response) => {
    void (async () => {
      const path = new URL(request.url ?? '/', 'http://stub').pathname;
      const [, api, contactsPart, token, rest] = path.split('/');
      if (path === '/widget.js') {
        response.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(options.widget);
      } else if (api !== 'api' || contactsPart !== 'contacts' || token === undefined) {
        json(response, 404, { error: { code: 'CM_ERR_NOT_FOUND', message: 'no such route' } });
      } else if (request.method === 'OPTIONS') {
        response
          .writeHead(204, {
            ...cors,
            'access-control-allow-methods': 'GET, POST',
            'access-control-allow-headers': 'content-type',
            'access-control-max-age': '600',
          })
          .end();
      } else if (request.method === 'GET' && rest === undefined) {
        const status = contacts.get(token);
        if (status === undefined) json(response, 404, { error: { code: 'CM_ERR_UNKNOWN_TOKEN', message: 'unknown token' } }, cors);
        else json(response, 200, status, cors);
      } else if (request.method === 'POST' && rest === 'commands') {
        const body = JSON.parse(await readBody(request)) as { commandId: string; command: StubGateway['commands'][number]['command'] };
        commands.push({ token, ...body });
        if (!contacts.has(token)) return json(response, 404, { error: { code: 'CM_ERR_UNKNOWN_TOKEN', message: 'unknown token' } }, cors);
        const key = `${token}/${body.commandId}`;
        if (!answers.has(key)) answers.set(key, answer(token, body.command));
        json(response, 200, answers.get(key), cors);
      } else {
        json(response, 404, { error: { code: 'CM_ERR_NOT_FOUND', message: 'no such route' } }, cors);
      }
    })();
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const [, , , token, rest] = new URL(request.url ?? '/', 'http://stub').pathname.split('/');
    if (rest !== 'live' || token === undefined || refuseLive) {
      socket.end('HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => {
      if (request.headers.origin !== options.pageOrigin) return ws.close(1008, 'origin refused');
      const status = contacts.get(token);
      if (status === undefined) {
        ws.send('{"type":"gone"}');
        return ws.close(4404, 'unknown token');
      }
      const watchers = live.get(token) ?? new Set();
      live.set(token, watchers.add(ws));
      ws.on('close', () => watchers.delete(ws));
      ws.on('message', (data) => {
        if (String(data) === '{"type":"ping"}') ws.send('{"type":"pong"}');
      });
      ws.send(JSON.stringify({ type: 'status', status }));
    });
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    origin: `http://127.0.0.1:${port}`,
    commands,
    setStatus,
    status: (token) => contacts.get(token),
    dropLive(code, refuse) {
      refuseLive = refuse;
      for (const watchers of live.values()) for (const ws of watchers) ws.close(code, 'dropped by the test');
    },
    acceptLive() {
      refuseLive = false;
    },
    async close() {
      for (const ws of sockets.clients) ws.terminate();
      sockets.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
