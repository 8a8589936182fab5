export { PROVIDER_STATUSES, USABLE_STATUSES, type ProviderStatus } from "./provider-statuses.js";
export {
  classifyProviderStatus,
  type ClassifyProviderStatusInput,
  type ProviderStatusClassification,
  type StatusCredential,
  type StatusProbe,
} from "./classify-provider-status.js";
export { PROBLEM_CODES, PROBLEM_CATALOGUE, createProblem, type ProblemCode, type ProblemParams, type StatusProblem } from "./problems.js";
export { providerProblems, globalConfigProblems, type ProviderProblemsInput } from "./provider-problems.js";
export { ProbeRecordSchema, ProbesSectionSchema, StatusesSectionSchema, type ProbeRecord } from "../schema/probe-record.js";
export { LOCAL_PRESETS, getLocalPreset, type LocalPreset } from "./local-presets.js";
export { summarizeStatus } from "./summarize-status.js";
export type { CheckOptions, CheckResult } from "./check-result.js";
export type { GetStatusOptions } from "./status-service.js";
export type { KeyVerification } from "./key-verification.js";
export type { ProviderStatusReport, LastCheck, StatusSummary } from "./status-report.js";
export type { LocalProviderInput, LocalProviderPatch } from "./local-providers.js";
export type { LocalTestResult } from "./test-local-provider.js";
export type { FetchModelsResult } from "./fetch-local-models.js";
export type { CustomModel, CustomModelInput } from "./custom-models.js";
export type { StatusApi } from "./status-api.js";
export { LOCAL_DETECT_PORTS, type DetectablePreset, type DetectedServer, type LocalDetectOptions } from "./local-detect.js";
export type { DoctorApi, DoctorReport, DoctorProblem, DoctorFix } from "./doctor.js";
