/** The library's version, as it appears in every result (kept equal to package.json by a test). */
export const VERSION = 'smugglescan@0.1.0';
