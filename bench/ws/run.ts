// `npm run bench:ws`: the WebSocket benchmark. Starts two servers in their own processes — text2x
// with a zero-latency scripted generator on a small SQLite database, and a bare `ws` reference that
// answers each query with the same messages — and a load generator in a third process. For N = 100,
// 1,000 and 2,000 clients it measures idle memory per connection, then a closed loop against each;
// then an open loop at a fixed arrival rate. Prints a markdown table and writes .bench-data/ws.json.
//
// Options (flags or env): --clients=100,1000,2000 (BENCH_WS_CLIENTS), --duration-ms=10000
// (BENCH_WS_DURATION_MS), --warmup-ms=1000, --rate=200 (open-loop runs/s), --open-clients=200,
// --variants=reference,text2x,text2x-no-exec (BENCH_WS_VARIANTS), --no-open-loop, --profile (CPU
// profiles of both servers in .bench-data/profiles/).
// Loopback only; every phase is bounded in time and the processes stop by themselves.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import WebSocket from 'ws';
import type {
  LoadCommand,
  LoadEvent,
  MemorySample,
  PhaseResult,
  QueryTemplate,
  ServerCommand,
  ServerEvent,
} from './bench-ipc.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');

function option(name: string, env: string, fallback: string): string {
  const flag = process.argv.find((arg) => arg.startsWith(`--${name}=`));
  return flag?.slice(name.length + 3) ?? process.env[env] ?? fallback;
}

const CLIENTS = option('clients', 'BENCH_WS_CLIENTS', '100,1000,2000')
  .split(',')
  .map((value) => Number(value.trim()))
  .filter((value) => value > 0);
const DURATION_MS = Number(option('duration-ms', 'BENCH_WS_DURATION_MS', '10000'));
const WARMUP_MS = Number(option('warmup-ms', 'BENCH_WS_WARMUP_MS', '1000'));
/** After the window, how long in-flight runs may take to finish before they count as unfinished. */
const DRAIN_MS = 30_000;
/** After a phase, how long to wait for the server's runs to end before the next phase starts. */
const IDLE_WAIT_MS = 45_000;
const OPEN_RATE = Number(option('rate', 'BENCH_WS_RATE', '200'));
const OPEN_CLIENTS = Number(option('open-clients', 'BENCH_WS_OPEN_CLIENTS', '200'));
/** Which rows to run: `reference`, `text2x` (with execution), `text2x-no-exec`. */
const VARIANTS = option('variants', 'BENCH_WS_VARIANTS', 'reference,text2x,text2x-no-exec').split(',');
/** Run the open-loop phase (`--no-open-loop` skips it). */
const OPEN_LOOP = !process.argv.includes('--no-open-loop');
/** `--profile`: the servers write V8 CPU profiles to .bench-data/profiles/ when they exit. */
const PROFILE = process.argv.includes('--profile') || process.env.BENCH_WS_PROFILE === '1';
/** A phase that takes longer than this is broken: the benchmark stops instead of hanging. */
const PHASE_TIMEOUT_MS = WARMUP_MS + DURATION_MS + DRAIN_MS + IDLE_WAIT_MS + 60_000;

/** Demo-like questions; the scripted generator answers each with the same valid query. */
const QUERY: QueryTemplate = {
  provider_id: 'demo',
  questions: [
    'How many orders were placed last month?',
    'Top 5 products by revenue',
    'How many customers are there per country?',
    'What was the total revenue this year?',
    'Which payment methods are used most often?',
  ],
  options: { enable_execution: true, max_iterations: 3 },
};

/** A child process and a way to wait for its next message of one kind. */
class Child<Command, Event extends { event: string }> {
  private readonly waiting: {
    kind: string;
    resolve: (event: Event) => void;
    reject: (error: Error) => void;
  }[] = [];
  readonly process: ChildProcess;

  constructor(script: string, label: string, execArgv: string[] = []) {
    this.process = fork(join(here, script), [], {
      cwd: root,
      execArgv: ['--import', 'tsx', ...execArgv],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    this.process.on('message', (raw) => {
      const event = raw as Event;
      if (event.event === 'failed') {
        for (const waiter of this.waiting.splice(0))
          waiter.reject(new Error(`${label}: ${JSON.stringify(event)}`));
        return;
      }
      const index = this.waiting.findIndex((waiter) => waiter.kind === event.event);
      if (index >= 0) this.waiting.splice(index, 1)[0]!.resolve(event);
    });
    this.process.on('exit', (code) => {
      for (const waiter of this.waiting.splice(0))
        waiter.reject(new Error(`${label} exited with code ${code}`));
    });
  }

  next<K extends Event['event']>(
    kind: K,
    timeoutMs = PHASE_TIMEOUT_MS,
  ): Promise<Extract<Event, { event: K }>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${kind}`)), timeoutMs);
      this.waiting.push({
        kind,
        resolve: (event) => {
          clearTimeout(timer);
          resolve(event as Extract<Event, { event: K }>);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
    });
  }

  send(command: Command): void {
    this.process.send(command as object);
  }

  stop(): void {
    if (this.process.connected) this.send({ cmd: 'exit' } as Command);
    setTimeout(() => this.process.kill('SIGKILL'), 3000).unref();
  }
}

type ServerChild = Child<ServerCommand, ServerEvent>;

interface Target {
  name: 'text2x' | 'reference';
  server: ServerChild;
  url: string;
}

async function startServer(name: Target['name']): Promise<Target> {
  const profile = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${join(root, '.bench-data', 'profiles')}`] : [];
  const server = new Child<ServerCommand, ServerEvent>(
    name === 'text2x' ? 'text2x-server.ts' : 'reference-server.ts',
    `${name} server`,
    ['--expose-gc', ...profile],
  );
  const listening = await server.next('listening', 120_000);
  return { name, server, url: `ws://127.0.0.1:${listening.port}${listening.path}` };
}

async function memory(target: Target): Promise<MemorySample> {
  const reply = target.server.next('memory');
  target.server.send({ cmd: 'memory' });
  return (await reply).memory;
}

/** One real run over the WebSocket: the messages the reference must imitate. */
async function recordRealRun(url: string): Promise<Record<string, unknown>[]> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  const messages: Record<string, unknown>[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the recording run did not finish')), 30_000);
    socket.on('message', (data) => {
      const message = JSON.parse(Buffer.isBuffer(data) ? data.toString('utf8') : '{}') as Record<
        string,
        unknown
      >;
      messages.push(message);
      if (['result', 'clarification', 'error', 'cancelled'].includes(String(message.type))) {
        clearTimeout(timer);
        resolve();
      }
    });
    socket.send(
      JSON.stringify({
        provider_id: QUERY.provider_id,
        query: QUERY.questions[0],
        request_id: 'recording-run-0001',
        options: QUERY.options,
      }),
    );
  });
  socket.close();
  const last = messages.at(-1);
  if (last?.type !== 'result') throw new Error(`the recording run ended with ${JSON.stringify(last)}`);
  return messages;
}

/**
 * What one row measures: a server, and what its clients ask. `text2x-no-exec` is the same text2x
 * server with `enable_execution: false`, separating the transport and pipeline from the executor.
 */
interface Variant {
  name: 'reference' | 'text2x' | 'text2x-no-exec';
  target: Target;
  query: QueryTemplate;
}

interface Row {
  variant: Variant['name'];
  mode: 'closed' | 'open';
  clients: number;
  connectMs: number;
  connectFailed: number;
  idleMemory?: { rssPerConnectionKiB: number; heapPerConnectionKiB: number };
  result: PhaseResult;
}

type Usage = Extract<ServerEvent, { event: 'usage' }>;

async function usage(target: Target): Promise<Usage> {
  const reply = target.server.next('usage');
  target.server.send({ cmd: 'usage' });
  return reply;
}

/**
 * The server's CPU over the measured window (sampled when the warm-up ends and when the window
 * ends) and its event-loop delay over warm-up and window (a blocked loop answers late, so the
 * histogram is reset before the load starts). Call it right before the load starts.
 */
async function sampleServer(
  target: Target,
): Promise<{ cpuPercent: number; loopDelayMs: { p99: number; max: number } }> {
  await usage(target);
  const at = (ms: number): Promise<Usage> =>
    new Promise((resolve, reject) => setTimeout(() => void usage(target).then(resolve, reject), ms));
  const [start, end] = await Promise.all([at(WARMUP_MS), at(WARMUP_MS + DURATION_MS)]);
  return {
    cpuPercent: Math.round(((end.cpuMicros - start.cpuMicros) / 1000 / (end.at - start.at)) * 100),
    loopDelayMs: {
      p99: Math.max(start.loopDelayP99Ms, end.loopDelayP99Ms),
      max: Math.max(start.loopDelayMaxMs, end.loopDelayMaxMs),
    },
  };
}

/** Waits (bounded) until the server has no run left, so one phase does not load the next. */
async function idle(target: Target): Promise<number> {
  const deadline = Date.now() + IDLE_WAIT_MS;
  for (;;) {
    const { activeRuns } = await usage(target);
    if (activeRuns === 0 || Date.now() > deadline) return activeRuns;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function phase(
  variant: Variant,
  mode: Row['mode'],
  clients: number,
  measureMemory: boolean,
): Promise<Row> {
  const { target } = variant;
  const load = new Child<LoadCommand, LoadEvent>('load-generator.ts', 'load generator');
  try {
    const before = measureMemory ? await memory(target) : undefined;
    const connected = load.next('connected');
    load.send({ cmd: 'connect', url: target.url, clients });
    const { clients: open, failed, ms } = await connected;
    let idleMemory: Row['idleMemory'];
    if (before) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      const after = await memory(target);
      const perConnection = (delta: number): number =>
        Math.round((delta / Math.max(1, open) / 1024) * 10) / 10;
      idleMemory = {
        rssPerConnectionKiB: perConnection(after.rss - before.rss),
        heapPerConnectionKiB: perConnection(
          after.heapUsed + after.external - before.heapUsed - before.external,
        ),
      };
    }
    const finished = load.next('result');
    const sampled = sampleServer(target);
    load.send(
      mode === 'closed'
        ? {
            cmd: 'closed-loop',
            query: variant.query,
            warmupMs: WARMUP_MS,
            durationMs: DURATION_MS,
            drainMs: DRAIN_MS,
          }
        : {
            cmd: 'open-loop',
            query: variant.query,
            ratePerSecond: OPEN_RATE,
            warmupMs: WARMUP_MS,
            durationMs: DURATION_MS,
            drainMs: DRAIN_MS,
          },
    );
    const { result } = await finished;
    const server = await sampled;
    result.serverCpuPercent = server.cpuPercent;
    result.serverLoopDelayMs = server.loopDelayMs;
    const disconnected = load.next('disconnected');
    load.send({ cmd: 'disconnect' });
    await disconnected;
    const left = await idle(target);
    if (left > 0) console.log(`  (${left} runs still active on the server after ${IDLE_WAIT_MS} ms)`);
    return {
      variant: variant.name,
      mode,
      clients,
      connectMs: ms,
      connectFailed: failed,
      ...(idleMemory ? { idleMemory } : {}),
      result,
    };
  } finally {
    load.stop();
  }
}

function ratio(value: number, reference: number | undefined): string {
  if (reference === undefined || !Number.isFinite(value) || !Number.isFinite(reference) || reference === 0)
    return '–';
  return `${(value / reference).toFixed(2)}×`;
}

function referenceOf(rows: Row[], row: Row): Row | undefined {
  return rows.find(
    (other) => other.variant === 'reference' && other.mode === row.mode && other.clients === row.clients,
  );
}

function table(rows: Row[]): string {
  const lines = [
    '| server | loop | clients | runs/s | vs ref | first msg p50 / p99 (ms) | p99 vs ref | terminal p50 / p99 (ms) | msgs/run | runs ended | errors | unfinished | lost / dup | idle KiB/conn (RSS / heap) | CPU % server / load gen | server loop delay p99 / max (ms) |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const row of rows) {
    const reference = referenceOf(rows, row);
    const r = row.result;
    const isReference = row.variant === 'reference';
    lines.push(
      [
        '',
        row.variant,
        row.mode === 'closed' ? 'closed' : `open ${OPEN_RATE}/s`,
        row.clients,
        r.runsPerSecond,
        isReference ? '' : ratio(r.runsPerSecond, reference?.result.runsPerSecond),
        `${r.firstMessageMs.p50} / ${r.firstMessageMs.p99}`,
        isReference ? '' : ratio(r.firstMessageMs.p99, reference?.result.firstMessageMs.p99),
        `${r.terminalMs.p50} / ${r.terminalMs.p99}`,
        r.messagesPerRun,
        r.finishedRuns,
        r.errors + row.connectFailed,
        r.unfinished,
        `${r.lostMessages} / ${r.duplicatedMessages}`,
        row.idleMemory
          ? `${row.idleMemory.rssPerConnectionKiB} / ${row.idleMemory.heapPerConnectionKiB}`
          : '',
        `${r.serverCpuPercent ?? '?'} / ${r.loadGeneratorCpuPercent}`,
        r.serverLoopDelayMs ? `${r.serverLoopDelayMs.p99} / ${r.serverLoopDelayMs.max}` : '',
        '',
      ]
        .join(' | ')
        .trim(),
    );
  }
  return lines.join('\n');
}

/** The issue's goals, checked for the text2x rows (with execution) against the reference at equal concurrency. */
function goals(rows: Row[]): Record<string, boolean | null> {
  const closed = rows.filter((row) => row.variant === 'text2x' && row.mode === 'closed');
  const at2000 = closed.find((row) => row.clients === 2000);
  const pairs = closed
    .map((row) => [row, referenceOf(rows, row)] as const)
    .filter((pair): pair is readonly [Row, Row] => pair[1] !== undefined);
  const everyPair = (check: (row: Row, reference: Row) => boolean): boolean | null =>
    pairs.length === 0 ? null : pairs.every(([row, reference]) => check(row, reference));
  // 100 idle connections move RSS by less than its noise: judge memory where N ≥ 1,000.
  const memoryRows = closed.filter((row) => row.clients >= 1000 && row.idleMemory);
  return {
    // Every run of the phase must have ended (no error, none unfinished) with a clean seq sequence.
    zero_errors_and_lost_or_duplicated_at_2000:
      at2000 === undefined
        ? null
        : at2000.result.finishedRuns > 0 &&
          at2000.result.errors +
            at2000.result.socketErrors +
            at2000.connectFailed +
            at2000.result.unfinished +
            at2000.result.lostMessages +
            at2000.result.duplicatedMessages ===
            0,
    runs_per_second_at_least_half_of_reference: everyPair(
      (row, reference) => row.result.runsPerSecond >= 0.5 * reference.result.runsPerSecond,
    ),
    p99_first_message_at_most_twice_reference: everyPair(
      (row, reference) => row.result.firstMessageMs.p99 <= 2 * reference.result.firstMessageMs.p99,
    ),
    idle_memory_at_most_64_kib_per_connection:
      memoryRows.length === 0
        ? null
        : memoryRows.every(
            (row) =>
              Math.max(row.idleMemory!.rssPerConnectionKiB, row.idleMemory!.heapPerConnectionKiB) <= 64,
          ),
  };
}

function describeRow(row: Row): string {
  const r = row.result;
  return (
    `${row.variant} ${row.mode === 'closed' ? 'closed loop' : `open loop ${OPEN_RATE}/s`}, ${row.clients} clients: ` +
    `${r.runsPerSecond} runs/s, first message p50/p99 ${r.firstMessageMs.p50}/${r.firstMessageMs.p99} ms, ` +
    `terminal p50/p99 ${r.terminalMs.p50}/${r.terminalMs.p99} ms, errors ${r.errors + row.connectFailed}, ` +
    `unfinished ${r.unfinished}, lost ${r.lostMessages}, duplicated ${r.duplicatedMessages}`
  );
}

async function main(): Promise<void> {
  const started = Date.now();
  const targets: Target[] = [];
  const rows: Row[] = [];
  try {
    const text2x = await startServer('text2x');
    targets.push(text2x);
    const recorded = await recordRealRun(text2x.url);
    const reference = await startServer('reference');
    targets.push(reference);
    reference.server.send({
      cmd: 'configure',
      templates: recorded.map(({ request_id: _id, seq: _seq, ...template }) => template),
    });
    const bytes = recorded.reduce((sum, message) => sum + JSON.stringify(message).length, 0);
    console.log(
      `one real run: ${recorded.length} messages (${recorded.map((message) => message.type).join(', ')}), ` +
        `${Math.round(bytes / recorded.length)} bytes each on average; the reference answers with the same messages`,
    );
    const all: Variant[] = [
      { name: 'reference', target: reference, query: QUERY },
      { name: 'text2x', target: text2x, query: QUERY },
      {
        name: 'text2x-no-exec',
        target: text2x,
        query: { ...QUERY, options: { ...QUERY.options, enable_execution: false } },
      },
    ];
    const variants = all.filter((variant) => VARIANTS.includes(variant.name));
    for (const clients of CLIENTS) {
      for (const variant of variants) {
        // Idle memory is measured once per server and N (the no-exec variant shares the text2x server).
        const row = await phase(variant, 'closed', clients, variant.name !== 'text2x-no-exec');
        rows.push(row);
        console.log(describeRow(row));
      }
    }
    for (const variant of OPEN_LOOP ? variants : []) {
      const row = await phase(variant, 'open', OPEN_CLIENTS, false);
      rows.push(row);
      console.log(describeRow(row));
    }
  } finally {
    for (const target of targets) target.server.stop();
  }
  const report = {
    benchmark: 'ws',
    date: new Date().toISOString(),
    node: process.version,
    machine: {
      cpus: cpus().length,
      memory_mib: Math.round(totalmem() / 2 ** 20),
      load_average_at_end: loadavg(),
    },
    settings: {
      clients: CLIENTS,
      duration_ms: DURATION_MS,
      warmup_ms: WARMUP_MS,
      drain_ms: DRAIN_MS,
      open_loop_rate_per_second: OPEN_RATE,
      open_loop_clients: OPEN_CLIENTS,
      variants: VARIANTS,
      query: QUERY,
    },
    goals: goals(rows),
    rows,
    elapsed_s: Math.round((Date.now() - started) / 1000),
  };
  const out = join(root, '.bench-data', 'ws.json');
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\n${table(rows)}\n`);
  console.log(`goals (text2x with execution vs the reference): ${JSON.stringify(report.goals)}`);
  console.log(
    `the load generator, both servers and this process share ${cpus().length} cores (load average now ${loadavg()
      .map((value) => value.toFixed(2))
      .join(' ')}); compare rows only within one run. Written to ${out}`,
  );
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
