import {
  isDigestReference,
  SkippedSourceEvent,
  SourceContext,
  SourceEvent,
  sourceEventId,
  sourceCount,
  sourceObject,
  SourceTranslation,
  PRIORITIES_BY_SEVERITY,
  VulnerabilityCounts,
  vulnerabilityFromCounts,
} from '@herald/plugin-sdk';
import { harborRepositoryFields } from './harbor-repository';
import { eventData, HarborResource, HarborWebhook, readRepository, readResources } from './harbor-webhook.shape';

/** A report summary of scan_overview (NativeReportSummary in Harbor's src/pkg/scan/vuln/summary.go). */
interface ReportSummary extends VulnerabilityCounts {
  reportId?: string;
}

/** The vulnerability report of a resource: scan_overview is keyed by report media type, one report per scanner. */
function readReport(resource: HarborResource, path: string): ReportSummary | undefined {
  const entry = Object.entries(resource.scanOverview ?? {}).find(
    ([, v]) => typeof v === 'object' && v !== null && ('summary' in v || 'severity' in v),
  );
  if (!entry) return undefined;
  const [mediaType, value] = entry;
  const at = `${path}.scan_overview["${mediaType}"]`;
  const report = sourceObject(value, at);
  const summary =
    report.summary === undefined || report.summary === null ? {} : sourceObject(report.summary, `${at}.summary`);
  const bySeverity =
    summary.summary === undefined || summary.summary === null
      ? {}
      : sourceObject(summary.summary, `${at}.summary.summary`);
  const counts: ReportSummary['counts'] = {};
  for (const severity of PRIORITIES_BY_SEVERITY)
    counts[severity] = sourceCount(bySeverity[severity], `${at}.summary.summary.${severity}`);
  const scanner =
    typeof report.scanner === 'object' && report.scanner ? (report.scanner as Record<string, unknown>) : {};
  return {
    reportId: typeof report.report_id === 'string' && report.report_id ? report.report_id : undefined,
    severity: typeof report.severity === 'string' ? report.severity : undefined,
    total: sourceCount(summary.total, `${at}.summary.total`),
    fixable: sourceCount(summary.fixable, `${at}.summary.fixable`),
    counts,
    scanner: [scanner.name, scanner.version].filter((s) => typeof s === 'string' && s).join(' ') || undefined,
  };
}

/**
 * SCANNING_COMPLETED → one vulnerability_found per scanned artifact with findings: priority is the most severe level
 * with a finding, the description gives the counts, tags are the artifact's tag (none for an untagged artifact).
 * An artifact without findings, or without a vulnerability report (an SBOM scan), is skipped.
 */
export function translateHarborScan(hook: HarborWebhook, context: SourceContext): SourceTranslation {
  const data = eventData(hook);
  const repository = readRepository(data);
  const events: SourceEvent[] = [];
  const skipped: SkippedSourceEvent[] = [];
  const resources = readResources(data);
  for (const [i, resource] of resources.entries()) {
    const report = readReport(resource, `event_data.resources[${i}]`);
    if (!report) {
      skipped.push({ type: hook.type, reason: 'no vulnerability report (an SBOM scan?)' });
      continue;
    }
    const vulnerability = vulnerabilityFromCounts(report.reportId ?? resource.digest, report);
    if (!vulnerability) {
      skipped.push({ type: hook.type, reason: 'no findings' });
      continue;
    }
    const fields = harborRepositoryFields(repository, resource.resourceUrl, context);
    const idParts = [hook.type, String(hook.occurAt), repository.fullName, resource.digest, report.reportId ?? ''];
    events.push({
      kind: 'vulnerability_found',
      id: sourceEventId('harbor', idParts),
      payload: {
        ...fields,
        tags: resource.tag && !isDigestReference(resource.tag) ? [resource.tag] : [],
        digest: resource.digest,
        vulnerability,
      },
    });
  }
  return { events, skipped };
}
