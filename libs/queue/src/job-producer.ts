import { createLogger, type Logger } from '@alphapulse/logger';
import { FlowProducer, type FlowJob, type JobsOptions, Queue } from 'bullmq';
import { bullmqTelemetry } from '@alphapulse/telemetry';
import { watchErrors } from './connection-error-log.ts';
import { InvalidPayloadError } from './errors.ts';
import { JOBS, type JobInput, type JobName, type JobPayload, QUEUES, type QueueName, schemas } from './job-catalog.ts';
import type { RedisClient } from './redis-connection.ts';

/** Validates a payload against the catalog; throws InvalidPayloadError naming the fields. */
export function parsePayload<N extends JobName>(name: N, data: unknown): JobPayload<N> {
  const result = schemas[name].safeParse(data);
  if (!result.success) throw InvalidPayloadError.fromZod(name, result.error);
  return result.data as JobPayload<N>;
}

/** BullMQ options for a catalog job: its retry policy and deterministic id. */
export function jobOptions<N extends JobName>(name: N, payload: JobPayload<N>, extra: JobsOptions = {}): JobsOptions {
  const policy = JOBS[name];
  return {
    jobId: policy.jobId(payload),
    attempts: policy.attempts,
    backoff: policy.backoff,
    removeOnComplete: { age: 7 * 24 * 3600, count: 5_000 },
    removeOnFail: { age: 30 * 24 * 3600 },
    ...extra,
  };
}

/** What a request for work got: a new job, or the existing one doing (or done with) the same work. */
export interface Submission {
  jobId: string;
  /** The existing job's BullMQ state (`waiting`, `active`, `completed`, `failed`, ...), or `queued` for a new job. */
  state: string;
  /** True when the same work was already queued, running or done: nothing new was queued. */
  deduplicated: boolean;
  /** The existing job's return value when it completed (for example the training job it queued). */
  result?: unknown;
}

export interface FlowNode<N extends JobName = JobName> {
  name: N;
  data: JobInput<N>;
  opts?: JobsOptions;
  children?: FlowNode[];
}

/**
 * The only way producers put work on queues: every payload is validated against the catalog
 * and gets its catalog retry policy and deterministic job id. With tracing on, each add is a span
 * and the active trace context travels in the job's opts, so the worker's span continues the trace.
 * Its Queue and FlowProducer objects log their errors through `logger` (see watchErrors).
 */
export class JobProducer {
  private readonly queues = new Map<QueueName, Queue>();
  private flows?: FlowProducer;
  private readonly logger: Logger;

  constructor(
    private readonly connection: RedisClient,
    readonly prefix: string,
    logger?: Logger,
  ) {
    this.logger = logger ?? createLogger('queue');
  }

  queue(name: QueueName): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = watchErrors(new Queue(name, { connection: this.connection, prefix: this.prefix, telemetry: bullmqTelemetry() }), 'redis', this.logger, `queue:${name}`);
      this.queues.set(name, q);
    }
    return q;
  }

  /** Adds one job; resolves to its id (the existing job's id when the same work is already queued). */
  async enqueue<N extends JobName>(name: N, input: JobInput<N>, extra: JobsOptions = {}): Promise<string> {
    const payload = parsePayload(name, input);
    const job = await this.queue(JOBS[name].queue).add(name, payload, jobOptions(name, payload, extra));
    return job.id as string;
  }

  /**
   * Like enqueue, but says whether the same work (the same deterministic id) already exists, in
   * whatever state: a caller can answer "already done" instead of a silent no-op.
   */
  async submit<N extends JobName>(name: N, input: JobInput<N>, extra: JobsOptions = {}): Promise<Submission> {
    const payload = parsePayload(name, input);
    const existing = await this.existing(name, payload);
    if (existing) return existing;
    return { jobId: await this.enqueue(name, input, extra), state: 'queued', deduplicated: false };
  }

  /** submit for a flow: the root's id decides whether the work exists. */
  async submitFlow(root: FlowNode): Promise<Submission> {
    const existing = await this.existing(root.name, parsePayload(root.name, root.data));
    if (existing) return existing;
    return { jobId: await this.enqueueFlow(root), state: 'queued', deduplicated: false };
  }

  private async existing<N extends JobName>(name: N, payload: JobPayload<N>): Promise<Submission | undefined> {
    const jobId = jobOptions(name, payload).jobId as string;
    const queue = this.queue(JOBS[name].queue);
    const state = await queue.getJobState(jobId);
    if (state === 'unknown') return undefined;
    const job = state === 'completed' ? await queue.getJob(jobId) : undefined;
    return { jobId, state, deduplicated: true, ...(job ? { result: job.returnvalue } : {}) };
  }

  /** Adds a parent job with its children atomically; resolves to the parent's id. */
  async enqueueFlow(root: FlowNode): Promise<string> {
    this.flows ??= watchErrors(new FlowProducer({ connection: this.connection, prefix: this.prefix, telemetry: bullmqTelemetry() }), 'redis', this.logger, 'flows');
    const node = await this.flows.add(this.toFlowJob(root));
    return node.job.id as string;
  }

  private toFlowJob(node: FlowNode): FlowJob {
    const payload = parsePayload(node.name, node.data);
    return {
      name: node.name,
      queueName: JOBS[node.name].queue,
      data: payload,
      prefix: this.prefix,
      opts: jobOptions(node.name, payload, node.opts),
      children: node.children?.map((c) => this.toFlowJob(c)),
    };
  }

  /** Counts of waiting/active/delayed/failed/completed jobs for every queue. */
  async depths(): Promise<Record<string, Record<string, number>>> {
    const out: Record<string, Record<string, number>> = {};
    for (const name of Object.values(QUEUES)) {
      out[name] = await this.queue(name).getJobCounts('waiting', 'active', 'delayed', 'failed', 'completed', 'waiting-children', 'prioritized');
    }
    return out;
  }

  async close(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.close()));
    await this.flows?.close();
  }
}
