export * from "./users";
export * from "./scopes";
export * from "./api-keys";
export * from "./usage";
export * from "./audit";
