export { createMemoryStorage } from "./memory-storage.js";
export { readJson, updateJson, updateText } from "./json-document.js";
export { readSection, updateSection } from "./sections.js";
