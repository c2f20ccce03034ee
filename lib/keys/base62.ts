import baseX from "base-x";

export const BASE62_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

export const base62 = baseX(BASE62_ALPHABET);
