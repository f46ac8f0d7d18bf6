export * from './vocabulary.ts';
export * from './job-catalog.ts';
export * from './errors.ts';
export { connectRedis, redisAnswers, type Redis } from './redis-connection.ts';
export { type FlowNode, JobProducer, jobOptions, parsePayload } from './job-producer.ts';
export { assertHandlerTable, createCatalogWorker, type HandlerTable, type JobHandler } from './catalog-worker.ts';
