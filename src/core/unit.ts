// What a cache's capacity counts: objects (every object has size 1, as libCacheSim's
// --ignore-obj-size) or bytes. Shared by the scenario format, the engine and the results.
export type Unit = "objects" | "bytes";
