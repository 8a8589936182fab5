export { createMemoryStorage } from "./memory-storage.js";
export { createWebStorage, type WebStorage, type WebStorageLike, type WebLocksLike, type WebStorageOptions } from "./web-storage.js";
export { readJson, readJsonDocument, updateJson, updateText } from "./json-document.js";
export { readSection, readSections, updateSection, updateSectionIfReadable, type SectionSpec, type SectionsRead, type UpdateSectionOptions } from "./sections.js";
export { isDamagedDocument } from "./damaged-document.js";
