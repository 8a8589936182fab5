export { BUILTIN_PROVIDERS, getBuiltinProvider } from "./builtin-providers.js";
