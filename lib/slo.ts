/**
 * Lakeline's service level objectives, as data, and the alarm thresholds derived from them.
 * The monitoring construct, the tests and docs/slo.md all read this file: change an objective here
 * and every alarm that guards it moves with it. No threshold literal lives anywhere else.
 */

/** The objectives a Lakeline deployment promises. Fractions are 0..1; times are in seconds. */
export interface LakelineSlo {
  /** Rolling window every objective is measured over. */
  readonly windowDays: number;
  /** API availability: share of API requests answered without a 5xx. */
  readonly apiAvailability: { readonly objective: number };
  /** API latency: p99 of the API latency for a one-day records query stays at or under this. */
  readonly apiLatency: { readonly percentile: 99; readonly objectiveSeconds: number };
  /** Freshness: a published record is queryable within this many seconds (for `objective` of the records). */
  readonly freshness: { readonly objective: number; readonly objectiveSeconds: number };
  /** Completeness: share of published records that end up in raw/ or rejected/ (1 = nothing is ever lost). */
  readonly completeness: { readonly objective: number };
  /** Alarm tuning that is policy rather than objective (kept beside the objectives on purpose). */
  readonly alerting: {
    /** Error-budget burn rate that pages (14.4 = 2 % of a 30-day budget in one hour, Google SRE workbook). */
    readonly fastBurnRate: number;
    /** Period of every alarm's datapoints. */
    readonly periodMinutes: number;
    /** Datapoints that must breach (out of as many) before an alarm fires; 1 for the "never" alarms. */
    readonly datapointsToAlarm: number;
    /** Share of records rejected by validation above which a publisher is probably broken. */
    readonly maxRejectedRecordRate: number;
    /** Ingest invocations failing as a whole: retries absorb a few, a steady share means records head to the DLQ. */
    readonly maxIngestErrorRate: number;
    /** Failed Athena queries per period tolerated before paging (a query over the bytes-scanned cutoff fails by design). */
    readonly maxAthenaFailedQueries: number;
  };
}

/** Production objectives. docs/slo.md explains every number. */
export const LAKELINE_SLO: LakelineSlo = {
  windowDays: 28,
  apiAvailability: { objective: 0.999 },
  apiLatency: { percentile: 99, objectiveSeconds: 10 },
  freshness: { objective: 0.99, objectiveSeconds: 300 },
  completeness: { objective: 1 },
  alerting: {
    fastBurnRate: 14.4,
    periodMinutes: 5,
    datapointsToAlarm: 3,
    maxRejectedRecordRate: 0.01,
    maxIngestErrorRate: 0.05,
    maxAthenaFailedQueries: 2,
  },
};

/** Every alarm threshold the monitoring construct uses, each traceable to one objective. */
export interface AlarmThresholds {
  readonly periodMinutes: number;
  readonly datapointsToAlarm: number;
  /** Completeness: messages in a dead-letter queue; the alarm fires above this (0 = any message). */
  readonly deadLetterQueueMaxMessages: number;
  /** Completeness: SNS deliveries to the queue that failed; the alarm fires above this. */
  readonly topicMaxFailedNotifications: number;
  /** Freshness: age of the oldest queued message, seconds; the alarm fires above this. */
  readonly queueMaxOldestMessageAgeSeconds: number;
  /** Freshness/completeness: ingest Lambda error rate (Average of Errors, 0..1). */
  readonly ingestMaxErrorRate: number;
  /** Data quality: rejected / (accepted + rejected), 0..1. */
  readonly maxRejectedRecordRate: number;
  /** Availability: API 5xx rate (Average of 5XXError, 0..1) = error budget × fast burn rate. */
  readonly api5xxMaxRate: number;
  /** Latency: API p99 latency, milliseconds. */
  readonly apiP99MaxLatencyMillis: number;
  /** Availability: failed Athena queries per period. */
  readonly athenaMaxFailedQueries: number;
}

/** Derives the alarm thresholds from the objectives (pure; tests and docs call it too). */
export function deriveAlarmThresholds(slo: LakelineSlo = LAKELINE_SLO): AlarmThresholds {
  const errorBudget = 1 - slo.apiAvailability.objective;
  return {
    periodMinutes: slo.alerting.periodMinutes,
    datapointsToAlarm: slo.alerting.datapointsToAlarm,
    deadLetterQueueMaxMessages: 0,
    topicMaxFailedNotifications: 0,
    queueMaxOldestMessageAgeSeconds: slo.freshness.objectiveSeconds,
    ingestMaxErrorRate: slo.alerting.maxIngestErrorRate,
    maxRejectedRecordRate: slo.alerting.maxRejectedRecordRate,
    api5xxMaxRate: roundTo(errorBudget * slo.alerting.fastBurnRate, 6),
    apiP99MaxLatencyMillis: slo.apiLatency.objectiveSeconds * 1000,
    athenaMaxFailedQueries: slo.alerting.maxAthenaFailedQueries,
  };
}

function roundTo(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}
