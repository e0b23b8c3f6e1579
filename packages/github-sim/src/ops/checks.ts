// Checks (runs and their suites) and commit statuses.
export { createCheckRun, rerequestRun, updateCheckRun, type CheckRunInput } from "./checks/runs.js";
export { rerequestSuite } from "./checks/suites.js";
export { createStatus, STATUS_DESCRIPTION_MAX } from "./checks/statuses.js";
