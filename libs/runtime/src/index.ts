export { openRuntimeContext, type RuntimeContext } from './runtime-context.ts';
export { exitOnSignal } from './shutdown.ts';
export { freePort } from './free-port.ts';
export { LeaderLease } from './leader-lease.ts';
export { type Reconciler, type ReconcilerOptions, type Repair, startReconciler } from './reconciler.ts';
