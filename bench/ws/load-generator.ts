// The load generator of `npm run bench:ws`: its own process, driven over IPC by run.ts. It opens N
// WebSocket clients and runs a closed loop (each client asks, waits for the terminal message,
// asks again) or an open loop (queries at a fixed arrival rate, round robin over the clients),
// and checks every request's seq sequence for gaps and duplicates.
import { performance } from 'node:perf_hooks';
import WebSocket from 'ws';
import type { LatencySummary, LoadCommand, LoadEvent, PhaseResult, QueryTemplate } from './bench-ipc.js';

interface Pending {
  requestId: string;
  /** When the query was sent (open loop: when it was due). */
  sentAt: number;
  firstAt: number | undefined;
  lastSeq: number;
  messages: number;
  bytes: number;
  measured: boolean;
  client: Client;
}

interface Client {
  index: number;
  socket: WebSocket;
  open: boolean;
}

interface Phase {
  measuring: boolean;
  stopping: boolean;
  measureStart: number;
  measureEnd: number;
  firstMessage: number[];
  terminal: number[];
  completed: number;
  messages: number;
  bytes: number;
  runsMeasured: number;
  finishedRuns: number;
  terminals: Record<string, number>;
  lost: number;
  duplicated: number;
  socketErrors: number;
  failedRuns: number;
  onIdle: (() => void) | undefined;
  next: ((client: Client) => void) | undefined;
  cpuAtStart: number;
  cpuAtEnd: number;
}

const clients: Client[] = [];
const pending = new Map<string, Pending>();
/** Requests that ended; a message for one of them is a duplicate. */
const finished = new Set<string>();
let phase: Phase | undefined;
let requestCounter = 0;
let questionCounter = 0;

function send(event: LoadEvent): void {
  process.send?.(event);
}

function summary(samples: number[]): LatencySummary {
  if (samples.length === 0) return { n: 0, p50: Number.NaN, p99: Number.NaN, max: Number.NaN };
  const sorted = Float64Array.from(samples).sort();
  const at = (p: number): number =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
  const round = (value: number): number => Math.round(value * 100) / 100;
  return {
    n: sorted.length,
    p50: round(at(0.5)),
    p99: round(at(0.99)),
    max: round(sorted[sorted.length - 1]!),
  };
}

function newPhase(): Phase {
  return {
    measuring: false,
    stopping: false,
    measureStart: 0,
    measureEnd: 0,
    firstMessage: [],
    terminal: [],
    completed: 0,
    messages: 0,
    bytes: 0,
    runsMeasured: 0,
    finishedRuns: 0,
    terminals: {},
    lost: 0,
    duplicated: 0,
    socketErrors: 0,
    failedRuns: 0,
    onIdle: undefined,
    next: undefined,
    cpuAtStart: 0,
    cpuAtEnd: 0,
  };
}

const REQUEST_ID = Buffer.from('"request_id":"');
const SEQ = Buffer.from('"seq":');
const TYPE = Buffer.from('"type":"');
const QUOTE = 0x22;

/** A string field of the envelope, read without parsing the whole message. */
function stringField(frame: Buffer, key: Buffer): string | undefined {
  const start = frame.indexOf(key);
  if (start < 0) return undefined;
  const from = start + key.length;
  const end = frame.indexOf(QUOTE, from);
  return end < 0 ? undefined : frame.toString('latin1', from, end);
}

function seqField(frame: Buffer): number {
  const start = frame.indexOf(SEQ);
  if (start < 0) return -1;
  let value = 0;
  let index = start + SEQ.length;
  let digits = 0;
  for (; index < frame.length; index += 1) {
    const char = frame[index]!;
    if (char < 0x30 || char > 0x39) break;
    value = value * 10 + (char - 0x30);
    digits += 1;
  }
  return digits === 0 ? -1 : value;
}

// The load generator shares the machine with the server: it reads only the envelope fields it
// needs (type, request_id, seq) with byte searches instead of parsing every message; the envelope
// keys come before `data`, so the first match is the envelope's own.
function onMessage(client: Client, data: WebSocket.RawData): void {
  const now = performance.now();
  const frame = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
  const type = stringField(frame, TYPE);
  if (type === undefined) {
    if (phase) phase.failedRuns += 1;
    return;
  }
  if (type === 'pong') return;
  const requestId = stringField(frame, REQUEST_ID) ?? '';
  const run = pending.get(requestId);
  if (!run) {
    if (finished.has(requestId) && phase) phase.duplicated += 1;
    return;
  }
  const seq = seqField(frame);
  if (seq <= run.lastSeq) {
    if (phase) phase.duplicated += 1;
    return;
  }
  if (seq > run.lastSeq + 1 && phase) phase.lost += seq - run.lastSeq - 1;
  run.lastSeq = seq;
  run.messages += 1;
  run.bytes += frame.length;
  run.firstAt ??= now;
  if (type === 'result' || type === 'clarification' || type === 'error' || type === 'cancelled') {
    pending.delete(requestId);
    finished.add(requestId);
    const current = phase;
    if (current) {
      const label = type === 'error' ? `error:${errorCode(frame)}` : type;
      // Outcomes count for every run of the phase (warm-up and drain too); latencies only for
      // runs sent inside the measured window.
      current.terminals[label] = (current.terminals[label] ?? 0) + 1;
      current.finishedRuns += 1;
      if (type !== 'result') current.failedRuns += 1;
      if (run.measured) {
        current.firstMessage.push(run.firstAt - run.sentAt);
        current.terminal.push(now - run.sentAt);
        current.messages += run.messages;
        current.bytes += run.bytes;
        current.runsMeasured += 1;
      }
      if (current.measuring && now <= current.measureEnd) current.completed += 1;
      if (!current.stopping) current.next?.(client);
      else if (pending.size === 0) current.onIdle?.();
    }
  }
}

function errorCode(frame: Buffer): string {
  try {
    const message = JSON.parse(frame.toString('utf8')) as { data?: { code?: string } };
    return message.data?.code ?? '?';
  } catch {
    return '?';
  }
}

function sendQuery(client: Client, query: QueryTemplate, dueAt?: number): void {
  if (!client.open) return;
  requestCounter += 1;
  questionCounter = (questionCounter + 1) % query.questions.length;
  const requestId = `b${process.pid}-${requestCounter}`;
  const now = performance.now();
  const current = phase;
  const measured = current !== undefined && current.measuring && now < current.measureEnd;
  pending.set(requestId, {
    requestId,
    sentAt: dueAt ?? now,
    firstAt: undefined,
    lastSeq: 0,
    messages: 0,
    bytes: 0,
    measured,
    client,
  });
  client.socket.send(
    JSON.stringify({
      provider_id: query.provider_id,
      query: query.questions[questionCounter],
      request_id: requestId,
      options: query.options,
    }),
  );
}

async function connect(url: string, count: number): Promise<void> {
  const started = performance.now();
  let failed = 0;
  // Batches keep the accept backlog from overflowing (which would cost 1 s SYN retries).
  const batch = 100;
  for (let start = 0; start < count; start += batch) {
    const opening: Promise<void>[] = [];
    for (let index = start; index < Math.min(count, start + batch); index += 1) {
      opening.push(
        new Promise<void>((resolve) => {
          const socket = new WebSocket(url, { perMessageDeflate: false });
          const client: Client = { index, socket, open: false };
          socket.on('open', () => {
            client.open = true;
            clients.push(client);
            resolve();
          });
          socket.on('message', (data) => onMessage(client, data));
          socket.on('error', () => {
            if (!client.open) {
              failed += 1;
              resolve();
            }
            if (phase) phase.socketErrors += 1;
          });
          socket.on('close', () => {
            const wasOpen = client.open;
            client.open = false;
            if (!wasOpen) return;
            for (const run of pending.values()) {
              if (run.client === client) {
                pending.delete(run.requestId);
                if (phase) {
                  phase.socketErrors += 1;
                  phase.failedRuns += 1;
                }
              }
            }
          });
        }),
      );
    }
    await Promise.all(opening);
  }
  send({ event: 'connected', clients: clients.length, failed, ms: Math.round(performance.now() - started) });
}

function cpuMicros(): number {
  const usage = process.cpuUsage();
  return usage.user + usage.system;
}

function wait(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

async function finishPhase(current: Phase, drainMs: number): Promise<PhaseResult> {
  current.stopping = true;
  if (pending.size > 0) {
    await Promise.race([new Promise<void>((resolve) => (current.onIdle = resolve)), wait(drainMs)]);
  }
  const unfinished = pending.size;
  pending.clear();
  phase = undefined;
  const durationMs = current.measureEnd - current.measureStart;
  return {
    clients: clients.length,
    durationMs: Math.round(durationMs),
    completed: current.completed,
    runsPerSecond: Math.round((current.completed / durationMs) * 1000 * 10) / 10,
    firstMessageMs: summary(current.firstMessage),
    terminalMs: summary(current.terminal),
    messagesPerRun: current.runsMeasured
      ? Math.round((current.messages / current.runsMeasured) * 100) / 100
      : 0,
    bytesPerMessage: current.messages ? Math.round(current.bytes / current.messages) : 0,
    terminals: current.terminals,
    finishedRuns: current.finishedRuns,
    errors: current.failedRuns,
    lostMessages: current.lost,
    duplicatedMessages: current.duplicated,
    unfinished,
    socketErrors: current.socketErrors,
    loadGeneratorCpuPercent: Math.round(((current.cpuAtEnd - current.cpuAtStart) / 1000 / durationMs) * 100),
  };
}

async function closedLoop(command: Extract<LoadCommand, { cmd: 'closed-loop' }>): Promise<PhaseResult> {
  const current = newPhase();
  phase = current;
  finished.clear();
  current.next = (client) => sendQuery(client, command.query);
  for (const client of clients) sendQuery(client, command.query);
  await wait(command.warmupMs);
  current.measuring = true;
  current.measureStart = performance.now();
  current.measureEnd = current.measureStart + command.durationMs;
  current.cpuAtStart = cpuMicros();
  await wait(command.durationMs);
  current.cpuAtEnd = cpuMicros();
  return finishPhase(current, command.drainMs);
}

async function openLoop(command: Extract<LoadCommand, { cmd: 'open-loop' }>): Promise<PhaseResult> {
  const current = newPhase();
  phase = current;
  finished.clear();
  const interval = 1000 / command.ratePerSecond;
  const start = performance.now();
  current.measureStart = start + command.warmupMs;
  current.measureEnd = current.measureStart + command.durationMs;
  let sent = 0;
  let nextClient = 0;
  // A coarse tick sends every query that is due; latency counts from the due time, so a late
  // tick shows up in the numbers instead of hiding (no coordinated omission).
  await new Promise<void>((resolve) => {
    const timer = setInterval(() => {
      const now = performance.now();
      if (!current.measuring && now >= current.measureStart) {
        current.measuring = true;
        current.cpuAtStart = cpuMicros();
      }
      if (now >= current.measureEnd) {
        current.cpuAtEnd = cpuMicros();
        clearInterval(timer);
        resolve();
        return;
      }
      while (start + sent * interval <= now) {
        const client = clients[nextClient % clients.length]!;
        nextClient += 1;
        sendQuery(client, command.query, start + sent * interval);
        sent += 1;
      }
    }, 2);
  });
  current.measuring = true;
  return finishPhase(current, command.drainMs);
}

async function disconnect(): Promise<void> {
  const closing = clients.map(
    (client) =>
      new Promise<void>((resolve) => {
        if (client.socket.readyState === WebSocket.CLOSED) {
          resolve();
          return;
        }
        client.socket.once('close', () => resolve());
        client.socket.close();
        setTimeout(() => {
          client.socket.terminate();
          resolve();
        }, 2000).unref();
      }),
  );
  await Promise.all(closing);
  clients.length = 0;
  send({ event: 'disconnected' });
}

process.on('message', (raw) => {
  const command = raw as LoadCommand;
  const handle = async (): Promise<void> => {
    switch (command.cmd) {
      case 'connect':
        await connect(command.url, command.clients);
        return;
      case 'closed-loop':
        send({ event: 'result', result: await closedLoop(command) });
        return;
      case 'open-loop':
        send({ event: 'result', result: await openLoop(command) });
        return;
      case 'disconnect':
        await disconnect();
        return;
      case 'exit':
        process.exit(0);
    }
  };
  handle().catch((error: unknown) => send({ event: 'failed', message: String(error) }));
});

process.on('disconnect', () => process.exit(0));
