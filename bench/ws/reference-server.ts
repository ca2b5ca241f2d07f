// The reference of `npm run bench:ws`: a bare `ws` server in its own process, with no text2x in
// between. It answers each query with the same messages a real run sends (templates recorded from
// one real run, with this request's id and seq filled in), all at once, one `send` per message.
import { WebSocketServer, type RawData } from 'ws';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { ServerCommand, ServerEvent } from './bench-ipc.js';

let templates: Record<string, unknown>[] = [];

function text(raw: RawData): string {
  if (Buffer.isBuffer(raw)) return raw.toString('utf8');
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  return Buffer.from(raw).toString('utf8');
}

// Event-loop delay: how long ready work (a socket write, a new frame) waits for the loop.
const loopDelay = monitorEventLoopDelay({ resolution: 10 });
loopDelay.enable();

function send(event: ServerEvent): void {
  process.send?.(event);
}

const server = new WebSocketServer({
  host: '127.0.0.1',
  port: 0,
  path: '/ws/query',
  perMessageDeflate: false,
});

server.on('connection', (socket) => {
  socket.on('message', (raw) => {
    let request: { request_id?: unknown; type?: unknown };
    try {
      request = JSON.parse(text(raw)) as typeof request;
    } catch {
      return;
    }
    if (request.type === 'ping') {
      socket.send(JSON.stringify({ v: 1, type: 'pong', request_id: '', seq: 0, data: { time: Date.now() } }));
      return;
    }
    const requestId = typeof request.request_id === 'string' ? request.request_id : 'anonymous';
    templates.forEach(({ v, type, ...rest }, index) => {
      socket.send(JSON.stringify({ v, type, request_id: requestId, seq: index + 1, ...rest }));
    });
  });
  socket.on('error', () => undefined);
});

server.on('listening', () => {
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  send({ event: 'listening', port, path: '/ws/query' });
});

const activeRuns = () => 0;

process.on('message', (raw) => {
  const command = raw as ServerCommand;
  switch (command.cmd) {
    case 'configure':
      templates = command.templates;
      return;
    case 'memory':
      (globalThis as { gc?: () => void }).gc?.();
      send({ event: 'memory', memory: process.memoryUsage() });
      return;
    case 'usage': {
      const cpu = process.cpuUsage();
      send({
        event: 'usage',
        cpuMicros: cpu.user + cpu.system,
        at: performance.now(),
        activeRuns: activeRuns(),
        loopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
        loopDelayMaxMs: Math.round(loopDelay.max / 1e4) / 100,
      });
      loopDelay.reset();
      return;
    }
    case 'exit':
      server.close();
      process.exit(0);
  }
});

process.on('disconnect', () => process.exit(0));
