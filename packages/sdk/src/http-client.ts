import { Text2xClientError, codeForStatus, isErrorCode } from './client-error.js';

export type FetchFunction = typeof globalThis.fetch;

/** Anything with zod's `safeParse` (the SDK depends on the protocol package, not on zod itself). */
export interface ResponseSchema<T> {
  safeParse(
    value: unknown,
  ):
    | { success: true; data: T }
    | { success: false; error: { issues: readonly { path: readonly PropertyKey[]; message: string }[] } };
}

export interface HttpClientOptions {
  /** `http://host:port`, without a trailing `/api/v1`. */
  baseUrl: string;
  apiKey: string | undefined;
  fetch: FetchFunction | undefined;
}

export interface HttpRequest<T> {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  /** Path below the base URL, e.g. `/api/v1/providers`. */
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Validates the JSON body of a successful response; absent: the body is returned unchecked. */
  schema?: ResponseSchema<T>;
  signal?: AbortSignal;
  /** Return an error response instead of throwing (the caller reads its body). Default false. */
  acceptErrorStatus?: boolean;
}

/** A small JSON-over-HTTP helper: auth header, JSON bodies, error bodies mapped to `Text2xClientError`. */
export class HttpClient {
  private readonly baseUrl: string;

  constructor(private readonly options: HttpClientOptions) {
    this.baseUrl = options.baseUrl.replace(/\/+$/, '');
  }

  url(path: string): string {
    return `${this.baseUrl}${path}`;
  }

  headers(extra: Record<string, string> = {}): Record<string, string> {
    return {
      accept: 'application/json',
      ...(this.options.apiKey === undefined ? {} : { authorization: `Bearer ${this.options.apiKey}` }),
      ...extra,
    };
  }

  /** Sends a request and returns the raw response when it succeeded; throws a mapped error otherwise. */
  async send(request: Omit<HttpRequest<unknown>, 'schema'>): Promise<Response> {
    const fetchFunction = this.options.fetch ?? globalThis.fetch;
    if (typeof fetchFunction !== 'function') {
      throw new Text2xClientError('CONNECTION_FAILED', 'no fetch implementation is available', {
        retryable: false,
      });
    }
    const hasBody = request.body !== undefined;
    let response: Response;
    try {
      response = await fetchFunction(this.url(request.path), {
        method: request.method,
        headers: this.headers({
          ...(hasBody ? { 'content-type': 'application/json' } : {}),
          ...request.headers,
        }),
        ...(hasBody ? { body: JSON.stringify(request.body) } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (error) {
      if (request.signal?.aborted) {
        throw new Text2xClientError('CANCELLED', 'the request was aborted', { cause: error });
      }
      throw new Text2xClientError(
        'CONNECTION_FAILED',
        `cannot reach ${this.baseUrl}: ${error instanceof Error ? error.message : String(error)}`,
        { cause: error },
      );
    }
    if (!response.ok && request.acceptErrorStatus !== true)
      throw errorFromBody(response, await response.text());
    return response;
  }

  /** Sends a request and returns its JSON body, validated when a schema is given. */
  async json<T>(request: HttpRequest<T>): Promise<T> {
    const response = await this.send(request);
    if (response.status === 204) return parseBody(request, undefined, response.status);
    const text = await response.text();
    if (text === '') return parseBody(request, undefined, response.status);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw new Text2xClientError('INVALID_SERVER_MESSAGE', 'the response body is not JSON', {
        status: response.status,
        cause: error,
      });
    }
    return parseBody(request, value, response.status);
  }
}

function parseBody<T>(request: HttpRequest<T>, value: unknown, status: number): T {
  if (!request.schema) return value as T;
  const parsed = request.schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new Text2xClientError(
    'INVALID_SERVER_MESSAGE',
    `unexpected response to ${request.method} ${request.path}: ${parsed.error.issues
      .slice(0, 3)
      .map((issue) => `${issue.path.map(String).join('.') || 'body'}: ${issue.message}`)
      .join('; ')}`,
    { status, details: { issues: parsed.error.issues } },
  );
}

/**
 * Maps an error response to a `Text2xClientError`: the body's `{error: {code, message}}` when the
 * server sent one (the protocol's table gives `retryable`), else a code derived from the status.
 */
export function errorFromBody(response: Response, text: string): Text2xClientError {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = undefined;
  }
  const error = (body as { error?: unknown } | undefined)?.error;
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const code = isErrorCode(fields.code) ? fields.code : codeForStatus(response.status);
  const message =
    typeof fields.message === 'string' && fields.message !== ''
      ? fields.message
      : `${response.status} ${response.statusText}`.trim();
  const retryAfterMs = retryAfter(fields, response.headers.get('retry-after'));
  const details = typeof fields.details === 'object' && fields.details !== null ? fields.details : undefined;
  return new Text2xClientError(code, message, {
    status: response.status,
    ...(typeof fields.retryable === 'boolean' ? { retryable: fields.retryable } : {}),
    ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
    ...(details === undefined ? {} : { details: details as Record<string, unknown> }),
  });
}

function retryAfter(fields: Record<string, unknown>, header: string | null): number | undefined {
  if (typeof fields.retry_after_ms === 'number') return fields.retry_after_ms;
  if (header === null) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}
