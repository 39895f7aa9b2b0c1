/** A full, valid set of WeCom credentials for configuration tests (fake values). */
export const CREDS = {
  WECOM_CORP_ID: "ww1234567890abcdef",
  WECOM_AGENT_ID: "1000002",
  WECOM_SECRET: "s3cr3t-value-that-must-not-leak",
  WECOM_TOKEN: "T0kenValue",
  WECOM_ENCODING_AES_KEY: "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C",
};
