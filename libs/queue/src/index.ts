export * from './vocabulary.ts';
export * from './job-catalog.ts';
export * from './errors.ts';
export { CONNECTION_ERROR_INTERVAL_MS, ConnectionErrorLog, watchErrors } from './connection-error-log.ts';
export { openQueueEvents } from './queue-events.ts';
export { deleteKeysMatching, keyspaces } from './redis-keys.ts';
export {
  type Cluster,
  type ClusterNode,
  connectRedis,
  createRedisClient,
  describeRedis,
  duplicateClient,
  failFastClient,
  isCluster,
  type Redis,
  type RedisClient,
  type RedisSettings,
  redisAnswers,
  redisSettingsOf,
} from './redis-connection.ts';
export { type FlowNode, JobProducer, jobOptions, parsePayload, type Submission } from './job-producer.ts';
export { closeWorkers } from './close-workers.ts';
export { assertHandlerTable, createCatalogWorker, type HandlerTable, type JobHandler } from './catalog-worker.ts';
export { queueDepthsSchema } from './queue-depths-schema.ts';
