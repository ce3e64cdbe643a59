/** This library's version (kept equal to package.json's by a test). */
export const LIBRARY_VERSION = '0.2.0';
