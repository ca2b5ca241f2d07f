import { readFileSync } from 'node:fs';
import { Text2xError } from '../core/index.js';
import { Text2xConfig, type Text2xConfigInput } from './config-schema.js';

type Env = Record<string, string | undefined>;

function parseBoolean(name: string, value: string): boolean {
  if (/^(1|true|yes|on)$/i.test(value)) return true;
  if (/^(0|false|no|off)$/i.test(value)) return false;
  throw new Text2xError('CONFIG_INVALID', `${name} must be true or false, got "${value}"`);
}

function fromEnv(env: Env): Text2xConfigInput {
  const input: Record<string, unknown> = {};
  const set = (key: keyof Text2xConfigInput, value: unknown): void => {
    if (value !== undefined && value !== '') input[key] = value;
  };
  set('home', env.TEXT2X_HOME);
  set('model', env.TEXT2X_MODEL);
  set('modelBaseUrl', env.TEXT2X_MODEL_BASE_URL);
  set('openaiApiKey', env.OPENAI_API_KEY);
  set('anthropicApiKey', env.ANTHROPIC_API_KEY);
  set('modelApiKey', env.TEXT2X_MODEL_API_KEY);
  if (env.TEXT2X_ENABLE_EXECUTION)
    set('enableExecution', parseBoolean('TEXT2X_ENABLE_EXECUTION', env.TEXT2X_ENABLE_EXECUTION));
  if (env.TEXT2X_DEMO) set('demo', parseBoolean('TEXT2X_DEMO', env.TEXT2X_DEMO));
  if (env.TEXT2X_DEMO_SCALE) set('demoScale', Number(env.TEXT2X_DEMO_SCALE));
  set('host', env.TEXT2X_HOST);
  const port = env.TEXT2X_PORT ?? env.PORT;
  if (port) set('port', Number(port));
  if (env.TEXT2X_CORS_ORIGINS) {
    set(
      'corsOrigins',
      env.TEXT2X_CORS_ORIGINS.split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    );
  }
  set('auth', env.TEXT2X_AUTH);
  set('redisUrl', env.REDIS_URL);
  if (env.TEXT2X_RATE_PER_MINUTE) set('ratePerMinute', Number(env.TEXT2X_RATE_PER_MINUTE));
  if (env.TEXT2X_MAX_CONCURRENT_RUNS) set('maxConcurrentRuns', Number(env.TEXT2X_MAX_CONCURRENT_RUNS));
  return input;
}

function fromFile(path: string): Text2xConfigInput {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Text2xError('CONFIG_INVALID', `cannot read the config file ${path}`, { cause: error });
  }
  try {
    return JSON.parse(text) as Text2xConfigInput;
  } catch (error) {
    throw new Text2xError('CONFIG_INVALID', `the config file ${path} is not valid JSON`, { cause: error });
  }
}

/**
 * Loads the configuration: defaults ← JSON file named by `TEXT2X_CONFIG` ← environment ← overrides.
 * This module is the only code that reads the environment or config files.
 */
export function loadConfig(options: { env?: Env; overrides?: Text2xConfigInput } = {}): Text2xConfig {
  const env = options.env ?? process.env;
  const file = env.TEXT2X_CONFIG ? fromFile(env.TEXT2X_CONFIG) : {};
  const merged = { ...file, ...fromEnv(env), ...options.overrides };
  const parsed = Text2xConfig.safeParse(merged);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`,
    );
    throw new Text2xError('CONFIG_INVALID', `invalid configuration: ${problems.join('; ')}`);
  }
  return parsed.data;
}
