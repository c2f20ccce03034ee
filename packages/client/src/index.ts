export { createLatchkey, type Latchkey, type LatchkeyOptions } from "./client.js";
export { isLatchkeyError, LatchkeyError, type LatchkeyErrorKind } from "./errors.js";
export { isWellFormedKey } from "./key-format.js";
export { MAX_CACHE_TTL_MS, type VerifyCacheOptions } from "./verify-cache.js";
export {
  type RateLimitState,
  type ReportInput,
  type ReportResult,
  VERIFY_CODES,
  type VerifiedKey,
  type VerifyCode,
  type VerifyInput,
  type VerifyResult,
} from "./types.js";
