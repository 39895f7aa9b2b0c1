/** WeCom's message size limits, in UTF-8 bytes (docs/wecom/PROTOCOL.md §2). */
export const TEXT_MAX_BYTES = 2048;
export const APP_MARKDOWN_MAX_BYTES = 2048;
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;
export const ROBOT_TEXT_MAX_BYTES = 2048;
export const TOUSER_MAX = 1000;
export const ROBOT_PER_MINUTE = 20;
/** Media sizes (docs/wecom/next-features.md 1a): every upload > 5 bytes; app images ≤ 10 MB, files ≤ 20 MB; a robot's base64 image ≤ 2 MB. */
export const MEDIA_MIN_BYTES = 6;
export const APP_IMAGE_MAX_BYTES = 10 * 1024 * 1024;
export const FILE_MAX_BYTES = 20 * 1024 * 1024;
export const ROBOT_IMAGE_MAX_BYTES = 2 * 1024 * 1024;
