export { envSchema, type Env } from './env-schema.ts';
export { ConfigError, loadEnv } from './load-env.ts';
