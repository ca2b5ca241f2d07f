import type { ServerMessage } from '@text2x/protocol';
import ora, { type Ora } from 'ora';
import type { App } from '../app/index.js';
import { runQuery } from '../pipeline/index.js';
import { exitCodeFor, type CliOutput } from './cli-output.js';
import { formatSql } from './format-sql.js';
import { formatTable } from './format-table.js';

export interface AskOptions {
  provider: string;
  execute: boolean;
  trace?: 'summary' | 'full';
  json: boolean;
  conversation?: string;
  maxRows?: number;
  maxIterations?: number;
  timeoutMs?: number;
}

function percent(value: number): string {
  return `${Math.round(value * 100)}%`.padStart(4);
}

/** `text2x ask "question"`: streams the stages live, then prints the query and the result. */
export async function askCommand(
  app: App,
  question: string,
  options: AskOptions,
  output: CliOutput,
): Promise<number> {
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const spinner: Ora | undefined =
    output.interactive && !options.json
      ? ora({ text: 'Starting', stream: process.stderr }).start()
      : undefined;
  let terminal: ServerMessage | undefined;
  try {
    const request = {
      provider_id: options.provider,
      query: question,
      ...(options.conversation ? { conversation_id: options.conversation } : {}),
      options: {
        enable_execution: options.execute,
        trace_level: options.trace ?? 'none',
        ...(options.maxRows !== undefined ? { max_rows: options.maxRows } : {}),
        ...(options.maxIterations !== undefined ? { max_iterations: options.maxIterations } : {}),
        ...(options.timeoutMs !== undefined ? { timeout_ms: options.timeoutMs } : {}),
      },
    };
    for await (const message of runQuery(app.deps, request, { signal: controller.signal })) {
      if (message.type === 'rows') continue;
      if (message.type !== 'progress') {
        terminal = message;
        break;
      }
      const line = `${message.data.stage.padEnd(20)} ${message.data.message}`;
      if (spinner) spinner.text = line;
      else if (!options.json) output.err(`[${percent(message.data.progress)}] ${line}`);
    }
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (!terminal) return 1;
  if (spinner) {
    if (terminal.type === 'result') spinner.succeed('Done');
    else if (terminal.type === 'clarification') spinner.info('Needs clarification');
    else spinner.fail(terminal.type === 'error' ? terminal.data.code : 'Cancelled');
  }
  if (options.json) {
    output.out(JSON.stringify(terminal));
  } else {
    printTerminal(terminal, output);
  }
  switch (terminal.type) {
    case 'result':
    case 'clarification':
      return 0;
    case 'error':
      return exitCodeFor(terminal.data.code);
    case 'cancelled':
      return exitCodeFor('CANCELLED');
    case 'progress':
    case 'rows':
      return 1;
  }
}

function printTerminal(message: ServerMessage, output: CliOutput): void {
  switch (message.type) {
    case 'result': {
      const data = message.data;
      output.out(`\n${formatSql(data.generated_query)}\n`);
      output.out(
        `-- ${data.explanation} (${data.generator}, confidence ${Math.round(data.confidence_score * 100)}%, ` +
          `${data.iterations} iteration${data.iterations === 1 ? '' : 's'})\n`,
      );
      if (data.execution_result) output.out(formatTable(data.execution_result));
      output.out(
        `\nconversation ${data.conversation_id} (follow up with --conversation ${data.conversation_id})`,
      );
      break;
    }
    case 'clarification': {
      const data = message.data;
      output.out(`\n${data.question}`);
      data.options.forEach((option, i) => output.out(`  ${i + 1}. ${option}`));
      if (data.current_query) output.out(`\nbest guess so far:\n${formatSql(data.current_query)}`);
      output.out(`\nanswer with: text2x ask --conversation ${data.conversation_id} "<your answer>"`);
      break;
    }
    case 'error':
      output.err(`error ${message.data.code}: ${message.data.message}`);
      if (typeof message.data.details?.query === 'string')
        output.err(`last query:\n${formatSql(message.data.details.query)}`);
      break;
    case 'cancelled':
      output.err('cancelled');
      break;
    case 'progress':
    case 'rows':
      break;
  }
  if (message.trace) output.err(`\ntrace: ${JSON.stringify(message.trace, null, 2)}`);
}
