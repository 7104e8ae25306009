// The energy model's public face: profiles and the functions that turn usage into kWh, CO2e and cost.
export { defaultProfile } from "./profiles/default.js";
export * from "./model.js";
export * from "./profile.js";
