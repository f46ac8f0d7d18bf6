export { createNewsHandler, type NewsHandlerDeps } from './news-processor.ts';
