// Who may do what, answered from team memberships the shell fetched from GitHub.
// When an answer is missing, the question is recorded in `needs` so the shell can
// fetch it and run decide again: the core stays pure and asks only what it uses.
import type { TrainConfig } from "../config/schema.js";
import { membershipKey, type Memberships } from "./model/observation.js";

export interface MembershipQuery {
  teamKey: string;
  login: string;
}

export class Authz {
  readonly needs: MembershipQuery[] = [];

  constructor(
    private readonly config: TrainConfig,
    private readonly memberships: Memberships,
  ) {}

  /** Role in the team's GitHub team; undefined when not fetched yet. */
  private role(teamKey: string, login: string): "maintainer" | "member" | null | undefined {
    const team = this.config.teams[teamKey];
    if (!team?.slug) return null;
    const key = membershipKey(teamKey, login);
    if (key in this.memberships) return this.memberships[key] ?? null;
    if (!this.needs.some((q) => q.teamKey === teamKey && q.login === login.toLowerCase())) {
      this.needs.push({ teamKey, login: login.toLowerCase() });
    }
    return undefined;
  }

  private listedLead(teamKey: string, login: string): boolean {
    const leads = this.config.teams[teamKey]?.leads ?? [];
    return leads.some((lead) => lead.toLowerCase() === login.toLowerCase());
  }

  /** A lead: listed in `leads`, or a maintainer of the team's GitHub team. */
  isLead(teamKey: string, login: string): boolean {
    return this.listedLead(teamKey, login) || this.role(teamKey, login) === "maintainer";
  }

  /** Any member of the team (leads included). */
  isMember(teamKey: string, login: string): boolean {
    if (this.listedLead(teamKey, login)) return true;
    const role = this.role(teamKey, login);
    return role === "maintainer" || role === "member";
  }

  isOrchestrator(login: string): boolean {
    return this.isMember(this.config.orchestration, login);
  }

  /**
   * May this person tick a manual item owned by `ownerTeam`? The orchestration team
   * runs the train and may tick anything manual; "all" means any sign-off team lead.
   */
  mayTick(ownerTeam: string | null, login: string): boolean {
    if (ownerTeam === null) return false;
    if (ownerTeam === "orchestration") ownerTeam = this.config.orchestration;
    // Evaluate every relevant question so one round of fetching answers them all.
    const answers = [this.isOrchestrator(login)];
    if (ownerTeam === "all") answers.push(...this.config.signoff.map((team) => this.isLead(team, login)));
    else if (ownerTeam !== this.config.orchestration) answers.push(this.isMember(ownerTeam, login));
    return answers.some(Boolean);
  }

  /** Human-readable owner of an item, for refusals. */
  describeOwner(ownerTeam: string | null): string {
    if (ownerTeam === null) return "release-train itself";
    if (ownerTeam === "all") return "a lead of a sign-off team or the orchestration team";
    if (ownerTeam === "orchestration") ownerTeam = this.config.orchestration;
    const slug = this.config.teams[ownerTeam]?.slug;
    return slug ? `members of @${slug}` : `the ${ownerTeam} team`;
  }
}
