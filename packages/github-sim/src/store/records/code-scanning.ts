export interface CodeScanningAlert {
  number: number;
  state: "open" | "dismissed" | "fixed";
  ruleId: string;
  severity: "error" | "warning" | "note" | "none";
  securitySeverityLevel: "critical" | "high" | "medium" | "low" | null;
  description: string;
  toolName: string;
  ref: string;
  createdAt: string;
}
