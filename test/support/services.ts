import { redisAnswers } from '@alphapulse/queue';

/**
 * Whether the real services the integration tests need answer. Under CI (CI=true) a missing
 * service is a failure, never a skip: .ci/run starts them, so absence means a broken setup.
 */
export async function requireServices(): Promise<void> {
  const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
  const problems: string[] = [];
  if (!(await redisAnswers(redisUrl))) problems.push(`Redis does not answer at ${redisUrl}`);
  try {
    const { default: postgres } = await import('postgres');
    const sql = postgres(process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', { max: 1, connect_timeout: 3, onnotice: () => {} });
    await sql`select 1`;
    await sql.end();
  } catch (err) {
    problems.push(`Postgres does not answer: ${(err as Error).message}`);
  }
  if (problems.length) throw new Error(`integration tests need real services: ${problems.join('; ')}`);
}
