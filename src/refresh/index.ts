export { diffCatalog, type DiffCatalogOptions } from "./diff-catalog.js";
export { createRefreshService, type RefreshApi, type RefreshServiceDeps } from "./refresh-service.js";
export { applyReviewToDocument, type RawAppliedCatalog, type ReviewSelectItem } from "./apply-review.js";
// The source readers are loaded by the refresh service on the first refresh; only their types are re-exported here.
export type { SourceListing, SourceOutcome, ModelsDevSourceOptions, DiscoverySourceOptions } from "./refresh-sources.js";
export {
  CatalogEntrySchema,
  ReviewModelSchema,
  ChangedFieldSchema,
  ReviewSourceSchema,
  RefreshReviewSchema,
  RefreshSourceSchema,
  RefreshOptionsSchema,
  ApplyReviewOptionsSchema,
  type CatalogEntry,
  type ReviewModel,
  type ChangedField,
  type CatalogDiff,
  type ReviewSource,
  type RefreshReview,
  type RefreshSource,
  type RefreshOptions,
  type ApplyReviewOptions,
  type ApplyReviewResult,
} from "./review-schema.js";
