export { openRuntimeContext, type RuntimeContext } from './runtime-context.ts';
export { exitOnSignal } from './shutdown.ts';
export { freePort } from './free-port.ts';
