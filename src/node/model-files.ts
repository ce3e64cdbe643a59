import { parseModelFile, type ModelFile } from '../io/model-file.js';
import { readJsonFile, writeJsonFile } from './files.js';

/** Saves a model file atomically (temporary name, then rename); a name ending in `.gz` is gzip-compressed. */
export function saveModelFile(path: string, file: ModelFile): void {
  writeJsonFile(path, file);
}

/** Reads and validates a model file of either family (`.gz` gunzipped); errors name the file and the offending field. */
export function loadModelFile(path: string): ModelFile {
  return parseModelFile(readJsonFile(path), path);
}
