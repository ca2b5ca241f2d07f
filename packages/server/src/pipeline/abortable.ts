import { Text2xError } from '../core/index.js';

/**
 * Resolves like `promise`, but rejects with CANCELLED as soon as `signal` aborts, so a run ends
 * promptly even if the awaited work needs a moment to notice its own abort.
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new Text2xError('CANCELLED'));
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new Text2xError('CANCELLED'));
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(signal.aborted ? new Text2xError('CANCELLED') : toError(error));
      },
    );
  });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
