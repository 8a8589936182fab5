// The built-in provider table lives in refs/ (aliases, config defaults, plugin collision checks and env keys all read
// it from below catalog). This path remains only for registry/ files that another change is moving; delete it once
// nothing imports it.
export { BUILTIN_PROVIDERS, getBuiltinProvider } from "../refs/builtin-providers.js";
