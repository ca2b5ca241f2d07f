import { ERROR_TABLE, type ErrorCode } from '@text2x/protocol';
import { toText2xError } from '../core/index.js';

/** Where the CLI writes: results to stdout, progress and errors to stderr. */
export interface CliOutput {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stderr is a terminal (spinner instead of plain lines). */
  interactive: boolean;
}

export const processOutput: CliOutput = {
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
  interactive: Boolean(process.stderr.isTTY),
};

/** Prints an error with its code and returns the process exit code from the error table. */
export function reportError(output: CliOutput, error: unknown, json: boolean): number {
  const failure = toText2xError(error);
  if (json) {
    output.out(
      JSON.stringify({ error: { code: failure.code, message: failure.message, details: failure.details } }),
    );
  } else {
    output.err(`error ${failure.code}: ${failure.message}`);
  }
  return exitCodeFor(failure.code);
}

export function exitCodeFor(code: ErrorCode): number {
  return ERROR_TABLE[code].exit;
}
