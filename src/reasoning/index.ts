export { THINKING_LEVELS, type ThinkingLevel } from "./thinking-levels.js";
