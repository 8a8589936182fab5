// The error kinds live in schema/ (probe records validate them, and schema sits below errors). This path remains only
// for registry/ files that another change is moving; delete it once nothing imports it.
export { ERROR_KINDS, type ErrorKind, type ErrorScope, type FailoverAction } from "../schema/error-kind.js";
