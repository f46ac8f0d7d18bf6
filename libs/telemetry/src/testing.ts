// Test and benchmark helpers; not part of the runtime entry (`@alphapulse/telemetry/testing`).
export { type OtlpReceiver, type ReceivedSpan, startOtlpReceiver } from './otlp-receiver.ts';
export { captureSpans, type ReadableSpan, type SpanCapture } from './span-capture.ts';
