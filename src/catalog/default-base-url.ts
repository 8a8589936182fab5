// The default-base-URL lookup lives in config/ (parseModelsJson needs it and sits below catalog). This path remains
// only for registry/ files that another change is moving; delete it once nothing imports it.
export { defaultBaseUrlLookup, builtinDefaultBaseUrl } from "../config/default-base-url.js";
