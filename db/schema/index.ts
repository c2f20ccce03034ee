export * from "./users";
export * from "./scopes";
export * from "./api-keys";
export * from "./usage";
export * from "./audit";
export * from "./usage-rollups";
export * from "./plans";
export * from "./key-scope-uses";
