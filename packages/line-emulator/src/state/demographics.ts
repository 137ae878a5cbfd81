import type { Demographics } from "../insight/demographics.ts";
import type { EmulatorState } from "./state.ts";

// Demographic attributes set for particular virtual users through the control API. Everyone else
// has attributes derived from their user ID (insight/demographics.ts), so a million users cost
// nothing here.

export type DemographicsState = { overrides: Map<string, Partial<Demographics>> };

export type DemographicsSnapshot = ({ userId: string } & Partial<Demographics>)[];

export function createDemographicsState(): DemographicsState {
  return { overrides: new Map() };
}

export function setDemographics(
  state: EmulatorState,
  userId: string,
  attributes: Partial<Demographics>,
): void {
  const merged = { ...state.demographics.overrides.get(userId), ...attributes };
  state.demographics.overrides.set(userId, merged);
  state.changed();
}

export function takeDemographicsSnapshot(state: EmulatorState): DemographicsSnapshot {
  return [...state.demographics.overrides].map(([userId, attributes]) => ({
    userId,
    ...attributes,
  }));
}

export function restoreDemographicsSnapshot(
  state: EmulatorState,
  snapshot: DemographicsSnapshot,
): void {
  for (const { userId, ...attributes } of snapshot) {
    state.demographics.overrides.set(userId, attributes);
  }
}
