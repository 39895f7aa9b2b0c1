/** WeCom's message size limits, in UTF-8 bytes (PROTOCOL.md §2). */
export const TEXT_MAX_BYTES = 2048;
export const APP_MARKDOWN_MAX_BYTES = 2048;
export const ROBOT_MARKDOWN_MAX_BYTES = 4096;
export const ROBOT_TEXT_MAX_BYTES = 2048;
export const TOUSER_MAX = 1000;
export const ROBOT_PER_MINUTE = 20;
