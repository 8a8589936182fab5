/**
 * Test helpers for hosts: fake providers as msw handlers and a fixed clock. Import from
 * `model-provider-registry/testing`; msw is a dev dependency of your tests, never of the core.
 *
 * @example
 * ```ts
 * import { createFakeProvider, createFixedClock } from "model-provider-registry/testing";
 * ```
 *
 * @module
 */
export {
  createFakeProvider,
  type FakeProvider,
  type FakeProviderKind,
  type FakeProviderOptions,
  type FakeModel,
  type FakeFailure,
  type FakeRequest,
} from "./fake-provider.js";
export { createFixedClock, type FixedClock } from "./fixed-clock.js";
export { storageConformance, type ConformanceCase, type StorageConformanceOptions } from "./storage-conformance.js";
export {
  discoveryConformance,
  type DiscoveryConformanceOptions,
  type DiscoveryFixture,
} from "./discovery-conformance.js";
