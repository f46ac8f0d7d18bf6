import { renderRunReportPage, type RunView } from '@alphapulse/report';

export type { RunView } from '@alphapulse/report';

/**
 * The run report written to the object store: the console's run page (same sections, same uPlot
 * charts from the test window's rows) as one self-contained HTML file with its scripts inlined.
 */
export function renderRunReport(view: RunView): string {
  return renderRunReportPage(view);
}
