// Secret lives in schema/ (config, transport and discovery sit below credentials and need it). This path remains only
// for registry/ files that another change is moving; delete it once nothing imports it.
export { Secret } from "../schema/secret.js";
