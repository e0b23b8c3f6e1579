// Where an installation's budget state lives: in this process, or (src/replicas) in Redis
// so that every replica of the app spends one budget.
import { emptyBudget, type BudgetState } from "./pacing.js";

export interface BudgetStore {
  /** Runs `fn` on the installation's state, atomically with respect to every other user of the store. */
  update<T>(installation: string, fn: (state: BudgetState) => T): Promise<T>;
}

export class LocalBudgetStore implements BudgetStore {
  private readonly states = new Map<string, BudgetState>();

  async update<T>(installation: string, fn: (state: BudgetState) => T): Promise<T> {
    let state = this.states.get(installation);
    if (!state) {
      state = emptyBudget();
      this.states.set(installation, state);
    }
    return fn(state);
  }
}
