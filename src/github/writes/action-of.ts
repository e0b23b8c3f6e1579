import type { Action } from "../../train/model/actions.js";

/** The action of one kind: what each write function is handed. */
export type ActionOf<K extends Action["kind"]> = Extract<Action, { kind: K }>;
