export * from './types';
export { parseProgress, recoverProgress, serializeProgress, listNames, type Recovered } from './parse';
export { migrate, MIGRATIONS, type VersionRead } from './migrate';
export { progressFile, progressFileName, readProgressFile, PROGRESS_FILE_FORMAT, MAX_PROGRESS_FILE_BYTES, type ProgressFile, type ImportResult } from './file';
export * as update from './update';
