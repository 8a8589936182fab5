export type { ModelRef } from "./model-ref.js";
export { parseModelRef } from "./parse-model-ref.js";
export { formatModelRef } from "./format-model-ref.js";
export { normalizeProviderId } from "./normalize-provider-id.js";
export { providerAliases } from "./provider-aliases.js";
export { splitAuthProfile } from "./split-auth-profile.js";
export { isAllowlisted, compileAllowlist } from "./allowlist.js";
export { suggestSimilarIds, type SuggestSimilarIdsOptions } from "./suggest-similar-ids.js";
