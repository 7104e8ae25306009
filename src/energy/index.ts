// The energy model's public face: profiles and the functions that turn usage into kWh, CO2e and cost.

export * from "./model.js";
export * from "./profile.js";
export { defaultProfile } from "./profiles/default.js";
export * from "./settings.js";
