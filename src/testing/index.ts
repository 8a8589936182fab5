/**
 * Test helpers for hosts: fake providers for listing and chat (as msw handlers, or as a plain `fetch`) and a fixed clock. Import from
 * `model-provider-registry/testing`. msw is an optional peer dependency: loaded only when installed, so this entry
 * imports without it (`fake.fetch`, `createFixedClock`); `fake.handlers` needs it.
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
export type { FakeChatApi, FakeChatRequest, FakeChatScript } from "./fake-chat-script.js";
export type { FakeChatFailure, FakeChatRecord, FakeChatRule } from "./fake-chat-server.js";
export { createFixedClock, type FixedClock } from "./fixed-clock.js";
export { storageConformance, type ConformanceCase, type StorageConformanceOptions } from "./storage-conformance.js";
export {
  discoveryConformance,
  type DiscoveryConformanceOptions,
  type DiscoveryFixture,
} from "./discovery-conformance.js";
