/**
 * Whether the standard OTEL_* variables ask for traces: an OTLP endpoint (all signals or traces
 * only), or an explicit OTEL_TRACES_EXPORTER other than `none`; never when OTEL_SDK_DISABLED is true.
 */
export function tracesConfigured(source: NodeJS.ProcessEnv): boolean {
  if (/^(true|1)$/i.test(source.OTEL_SDK_DISABLED?.trim() ?? '')) return false;
  const exporters = (source.OTEL_TRACES_EXPORTER ?? '')
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean);
  if (exporters.length > 0) return exporters.some((e) => e !== 'none');
  return Boolean(source.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || source.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/**
 * The `service.name` to give the SDK: undefined when the environment names the service itself
 * (OTEL_SERVICE_NAME, or service.name in OTEL_RESOURCE_ATTRIBUTES), which the SDK then reads.
 */
export function serviceNameOverride(source: NodeJS.ProcessEnv, fallback: string): string | undefined {
  if (source.OTEL_SERVICE_NAME?.trim()) return undefined;
  const attributes = (source.OTEL_RESOURCE_ATTRIBUTES ?? '').split(',').map((kv) => kv.split('=')[0]?.trim());
  return attributes.includes('service.name') ? undefined : fallback;
}
