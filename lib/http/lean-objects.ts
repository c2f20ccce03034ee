import { Readable } from "node:stream";

// Stand-ins for the standard Headers, Request and Response on the lean path (lib/http/lean-routes.ts). undici's own
// cost ~15 µs per call and an AbortSignal, a web stream per text body, and their promises: a tenth of a cached
// verification. Each stand-in is an instance of the standard class as far as `instanceof` goes and answers what the
// gate and the hot handlers read (method, url, headers, signal, body; status, ok, headers) itself; anything else
// builds the real object once, from the same parts, and answers from it, so that no caller gets a wrong answer.

// A header name (RFC 9110 token) and a value without CR, LF or NUL, as undici checks them.
const HEADER_NAME = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// No CR, LF or NUL, and nothing past Latin-1 (a ByteString), as undici refuses.
const BAD_VALUE = /[\r\n\0]|[\u0100-\uffff]/;
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
// A value that needs a closer look: whitespace at either end, or a character no header value may hold.
const UNUSUAL_VALUE = /^[\t\n\r ]|[\t\n\r ]$|[\r\n\0]|[\u0100-\uffff]/;

type HeaderRecord = Record<string, string | string[] | undefined>;

function headerName(name: string): string {
  if (!HEADER_NAME.test(name)) throw new TypeError(`Invalid header name: "${name}"`);
  return name.toLowerCase();
}

function headerValue(value: string): string {
  if (typeof value === "string" && !UNUSUAL_VALUE.test(value)) return value;
  const normalised = String(value).replace(HTTP_WHITESPACE, "");
  if (BAD_VALUE.test(normalised)) throw new TypeError("Invalid header value.");
  return normalised;
}

/**
 * Headers over a plain record of lowercase names (a Node request's own `headers`, read in place until changed), with
 * the standard class's semantics: case-insensitive names, repeated values joined by ", " except Set-Cookie, iteration
 * sorted by name.
 */
export class LeanHeaders {
  #record: HeaderRecord;
  #owned: boolean;

  /** `record` must have lowercase names; unless `owned`, it is copied before the first change. */
  constructor(record: HeaderRecord = {}, owned = false) {
    this.#record = record;
    this.#owned = owned;
  }

  /** The record itself (read-only to the caller): what the lean path writes to the socket. */
  get record(): Readonly<HeaderRecord> {
    return this.#record;
  }

  get(name: string): string | null {
    const value = this.#own(name.toLowerCase());
    if (value === undefined) return null;
    return typeof value === "string" ? value : value.join(", ");
  }

  has(name: string): boolean {
    return this.#own(name.toLowerCase()) !== undefined;
  }

  // Only the record's own names: a Node request's headers object inherits from Object.prototype ("constructor").
  #own(key: string): string | string[] | undefined {
    return Object.hasOwn(this.#record, key) ? this.#record[key] : undefined;
  }

  getSetCookie(): string[] {
    const value = this.#record["set-cookie"];
    return value === undefined ? [] : typeof value === "string" ? [value] : [...value];
  }

  set(name: string, value: string): void {
    this.#writable()[headerName(name)] = headerValue(value);
  }

  append(name: string, value: string): void {
    const key = headerName(name);
    const added = headerValue(value);
    const record = this.#writable();
    const existing = record[key];
    if (existing === undefined) record[key] = added;
    else if (key === "set-cookie") record[key] = [existing, added].flat();
    else record[key] = `${typeof existing === "string" ? existing : existing.join(", ")}, ${added}`;
  }

  delete(name: string): void {
    const key = name.toLowerCase();
    if (this.#record[key] !== undefined) delete this.#writable()[key];
  }

  forEach(callback: (value: string, name: string, headers: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.entries()) callback.call(thisArg, value, name, this as unknown as Headers);
  }

  *entries(): HeadersIterator<[string, string]> {
    const names = Object.keys(this.#record)
      .filter((name) => this.#record[name] !== undefined)
      .sort();
    for (const name of names) {
      if (name === "set-cookie") for (const cookie of this.getSetCookie()) yield [name, cookie];
      else yield [name, this.get(name) as string];
    }
  }

  *keys(): HeadersIterator<string> {
    for (const [name] of this.entries()) yield name;
  }

  *values(): HeadersIterator<string> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }

  get [Symbol.toStringTag]() {
    return "Headers";
  }

  #writable(): HeaderRecord {
    if (!this.#owned) {
      this.#record = { ...this.#record };
      this.#owned = true;
    }
    return this.#record;
  }
}
Object.setPrototypeOf(LeanHeaders.prototype, Headers.prototype);

/** Headers as a caller hands them (a record with names in any case, or Headers), as the record LeanHeaders keeps. */
export function headerRecord(init: Record<string, string> | Headers | undefined): HeaderRecord {
  if (init instanceof LeanHeaders) return { ...init.record };
  const record: HeaderRecord = {};
  if (init instanceof Headers) {
    for (const [name, value] of init) if (name !== "set-cookie") record[name] = value;
    const cookies = init.getSetCookie();
    if (cookies.length > 0) record["set-cookie"] = cookies;
  } else if (init) {
    for (const name in init) record[name.toLowerCase()] = init[name];
  }
  return record;
}

/**
 * Defines, on a stand-in's prototype, every member of the standard class it does not define itself as a call on the
 * real object, built on first use by `materialise`.
 */
function delegateTheRest(prototype: object, standard: object, materialise: (self: never) => object) {
  for (const name of Object.getOwnPropertyNames(standard)) {
    if (name === "constructor" || Object.hasOwn(prototype, name)) continue;
    const descriptor = Object.getOwnPropertyDescriptor(standard, name);
    if (!descriptor) continue;
    if (typeof descriptor.value === "function") {
      Object.defineProperty(prototype, name, {
        value(this: never, ...args: unknown[]) {
          const real = materialise(this) as Record<string, (...args: unknown[]) => unknown>;
          return real[name](...args);
        },
      });
    } else if (descriptor.get) {
      Object.defineProperty(prototype, name, {
        get(this: never) {
          return (materialise(this) as Record<string, unknown>)[name];
        },
      });
    }
  }
  Object.setPrototypeOf(prototype, standard);
}

// ---- Request ----

interface LeanRequestParts {
  method: string;
  url: string;
  headers: LeanHeaders;
  /** The body when it was read whole beforehand (see bufferedBody in lean-routes.ts). */
  buffered: Buffer | undefined;
  /** The body still to be read, for a request whose body was not read beforehand. */
  stream: Readable | undefined;
  signal: AbortSignal | undefined;
  real: Request | undefined;
  webBody: ReadableStream<Uint8Array> | null | undefined;
}

const requestParts = Symbol("latchkey.leanRequest");
type LeanRequestObject = Request & { [requestParts]: LeanRequestParts };

const leanRequestPrototype = {
  get method(): string {
    return (this as unknown as LeanRequestObject)[requestParts].method;
  },
  get url(): string {
    return (this as unknown as LeanRequestObject)[requestParts].url;
  },
  get headers(): Headers {
    return (this as unknown as LeanRequestObject)[requestParts].headers as unknown as Headers;
  },
  get signal(): AbortSignal {
    const parts = (this as unknown as LeanRequestObject)[requestParts];
    // Never aborted, like a standard Request's own when none was given.
    parts.signal ??= new AbortController().signal;
    return parts.signal;
  },
  get body(): ReadableStream<Uint8Array> | null {
    return webBodyOf((this as unknown as LeanRequestObject)[requestParts]);
  },
};
delegateTheRest(leanRequestPrototype, Request.prototype, (self: LeanRequestObject) => materialiseRequest(self[requestParts]));

// Made only when asked for: the readers of the hot routes take a buffered body as it is (bufferedBody).
function webBodyOf(parts: LeanRequestParts): ReadableStream<Uint8Array> | null {
  if (parts.webBody === undefined) {
    const source = parts.buffered ? Readable.from([parts.buffered]) : parts.stream;
    parts.webBody = source ? (Readable.toWeb(source) as ReadableStream<Uint8Array>) : null;
  }
  return parts.webBody;
}

function materialiseRequest(parts: LeanRequestParts): Request {
  if (!parts.real) {
    const body = webBodyOf(parts);
    parts.real = new Request(parts.url, {
      method: parts.method,
      headers: parts.headers as unknown as Headers,
      signal: parts.signal,
      ...(body && { body, duplex: "half" }),
    } as RequestInit);
  }
  return parts.real;
}

/**
 * A Request for a Node request, reading its headers in place: `buffered` is its body when read whole beforehand,
 * `stream` the body still to come otherwise (none for GET and HEAD).
 */
export function leanRequest({
  method,
  url,
  headers,
  buffered,
  stream,
  signal,
}: {
  method: string;
  url: string;
  headers: HeaderRecord;
  buffered?: Buffer;
  stream?: Readable;
  signal?: AbortSignal;
}): Request {
  const request = Object.create(leanRequestPrototype) as LeanRequestObject;
  request[requestParts] = {
    method,
    url,
    headers: new LeanHeaders(headers),
    buffered,
    stream,
    signal,
    real: undefined,
    webBody: undefined,
  };
  return request;
}

/** The body a lean request was given already read, if it was. */
export function leanRequestBuffer(request: Request): Buffer | undefined {
  return (request as Partial<LeanRequestObject>)[requestParts]?.buffered;
}

// ---- Response ----

interface LeanResponseParts {
  status: number;
  headers: LeanHeaders;
  /** The body, as text or as the Node stream it comes as (the gateway's upstream body); neither: none. */
  text: string | undefined;
  stream: Readable | undefined;
  real: Response | undefined;
}

const responseParts = Symbol("latchkey.leanResponse");
type LeanResponseObject = Response & { [responseParts]: LeanResponseParts };

const leanResponsePrototype = {
  get status(): number {
    return (this as unknown as LeanResponseObject)[responseParts].status;
  },
  get ok(): boolean {
    const { status } = (this as unknown as LeanResponseObject)[responseParts];
    return status >= 200 && status <= 299;
  },
  get statusText(): string {
    return "";
  },
  get headers(): Headers {
    return (this as unknown as LeanResponseObject)[responseParts].headers as unknown as Headers;
  },
  get type(): ResponseType {
    return "default";
  },
  get url(): string {
    return "";
  },
  get redirected(): boolean {
    return false;
  },
};
delegateTheRest(leanResponsePrototype, Response.prototype, (self: LeanResponseObject) =>
  materialiseResponse(self[responseParts]),
);

function materialiseResponse(parts: LeanResponseParts): Response {
  parts.real ??= new Response(
    parts.stream ? (Readable.toWeb(parts.stream) as ReadableStream<Uint8Array>) : (parts.text ?? null),
    {
      status: parts.status,
      headers: parts.headers as unknown as Headers,
    },
  );
  return parts.real;
}

/** A Response whose body is `text` or a Node `stream` (or none), kept as it is for the lean path to write. */
export function leanResponse(
  body: { text?: string; stream?: Readable },
  { status = 200, headers }: { status?: number; headers?: Record<string, string> | Headers },
): Response {
  const response = Object.create(leanResponsePrototype) as LeanResponseObject;
  response[responseParts] = {
    status,
    headers: new LeanHeaders(headerRecord(headers), true),
    text: body.text,
    stream: body.stream,
    real: undefined,
  };
  return response;
}

/** What the lean path writes to the socket for an answer: its status, headers (lowercase names) and body. */
export interface LeanAnswer {
  status: number;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  text?: string;
  stream?: Readable;
  webBody?: ReadableStream<Uint8Array> | null;
}

/** The parts of a handler's answer: a lean Response's as they are, a standard one's read from it. */
export function answerOf(response: Response): LeanAnswer {
  const parts = (response as Partial<LeanResponseObject>)[responseParts];
  if (parts) {
    // Once built, the real Response holds the body (a caller may have read some of it); the headers stay these.
    if (parts.real) return { status: parts.status, headers: parts.headers.record, webBody: parts.real.body };
    return { status: parts.status, headers: parts.headers.record, text: parts.text, stream: parts.stream };
  }
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of response.headers) if (name !== "set-cookie") headers[name] = value;
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers["set-cookie"] = cookies;
  return { status: response.status, headers, webBody: response.body };
}
