export { envFields, envSchema, type Env } from './env-schema.ts';
export { ConfigError, loadEnv, loadEnvKeys } from './load-env.ts';
