import { APICallError, RetryError } from 'ai';
import { Text2xError } from '../../core/index.js';

const SECRET_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  // OpenAI (sk-, sk-proj-), Anthropic (sk-ant-) and similar prefixed keys, also when partly masked.
  [/\b(?:sk|rk|pk)-[A-Za-z0-9_\-*.]{4,}/g, '[redacted]'],
  [/\bBearer\s+[^\s"',]+/gi, 'Bearer [redacted]'],
  [
    /\b(api[_-]?key|x-api-key|authorization|access[_-]?token|token|secret|password)(["']?\s*[:=]\s*["']?)[^\s"',}&]+/gi,
    '$1$2[redacted]',
  ],
  // Long opaque strings mixing letters and digits look like credentials; request ids lose little.
  [/\b(?=[A-Za-z0-9_-]*[0-9])(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{32,}\b/g, '[redacted]'],
];

/** Removes anything that looks like a credential from a provider's error text. */
export function redactSecrets(text: string): string {
  return SECRET_PATTERNS.reduce(
    (result, [pattern, replacement]) => result.replace(pattern, replacement),
    text,
  );
}

function clip(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function describeStatus(status: number): string {
  if (status === 401 || status === 403) return 'authentication failed (check the API key)';
  if (status === 404) return 'model or endpoint not found';
  if (status === 408 || status === 504) return 'timed out';
  if (status === 429) return 'rate limited or out of quota';
  if (status >= 500) return 'provider error';
  return 'request rejected';
}

/** The network-level reason (`ECONNREFUSED`, `ENOTFOUND`, …) of a failed fetch, when there is one. */
function networkCode(error: unknown): string | undefined {
  for (
    let current = error, depth = 0;
    current instanceof Error && depth < 5;
    current = current.cause, depth++
  ) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z_]+$/.test(code)) return code;
  }
  return undefined;
}

/**
 * Maps a failed model call (HTTP error, rate limit, unreachable endpoint, anything else) to
 * GENERATION_FAILED with a message that names the model and the reason but never a key, the
 * request or the response body; the original error stays in `cause`, which is never sent.
 */
export function toGenerationError(error: unknown, modelId: string): Text2xError {
  if (error instanceof Text2xError) return error;
  const last = RetryError.isInstance(error) ? error.lastError : error;
  const details: Record<string, unknown> = { model: modelId };
  let reason: string;
  if (APICallError.isInstance(last) && last.statusCode !== undefined) {
    details.status = last.statusCode;
    details.providerRetryable = last.isRetryable;
    reason = `HTTP ${last.statusCode}, ${describeStatus(last.statusCode)}: ${clip(redactSecrets(last.message), 200)}`;
  } else if (networkCode(last)) {
    const code = networkCode(last)!;
    details.network = code;
    reason = `the endpoint could not be reached (${code})`;
  } else {
    const message = last instanceof Error ? last.message : String(last);
    reason = clip(redactSecrets(message), 200) || 'unknown error';
  }
  return new Text2xError('GENERATION_FAILED', `${modelId} call failed: ${reason}`, { cause: error, details });
}
