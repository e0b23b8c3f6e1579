import { buildSchema, type GraphQLSchema } from "graphql";

/** A subset of GitHub's GraphQL v4 schema, with GitHub's type, field and argument names. */
export const SDL = /* GraphQL */ `
scalar DateTime
scalar URI
scalar GitObjectID
scalar GitRefname
scalar GitTimestamp
scalar Base64String
scalar HTML

enum OrderDirection { ASC DESC }

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  startCursor: String
  endCursor: String
}

interface Node { id: ID! }

interface Actor {
  login: String!
  avatarUrl(size: Int): URI!
  url: URI!
  resourcePath: URI!
}

interface RepositoryOwner {
  id: ID!
  login: String!
  avatarUrl(size: Int): URI!
  url: URI!
  resourcePath: URI!
}

type User implements Node & Actor & RepositoryOwner {
  id: ID!
  databaseId: Int
  login: String!
  name: String
  email: String!
  avatarUrl(size: Int): URI!
  url: URI!
  resourcePath: URI!
  createdAt: DateTime!
}

type Bot implements Node & Actor {
  id: ID!
  databaseId: Int
  login: String!
  avatarUrl(size: Int): URI!
  url: URI!
  resourcePath: URI!
  createdAt: DateTime!
}

type Organization implements Node & Actor & RepositoryOwner {
  id: ID!
  databaseId: Int
  login: String!
  name: String
  avatarUrl(size: Int): URI!
  url: URI!
  resourcePath: URI!
  team(slug: String!): Team
}

type Team implements Node {
  id: ID!
  databaseId: Int
  slug: String!
  name: String!
  members(first: Int, after: String, last: Int, before: String, role: TeamMemberRole): TeamMemberConnection!
}
enum TeamMemberRole { MAINTAINER MEMBER }
type TeamMemberConnection { totalCount: Int! nodes: [User] edges: [TeamMemberEdge] pageInfo: PageInfo! }
type TeamMemberEdge { cursor: String! node: User! role: TeamMemberRole! }

type App implements Node {
  id: ID!
  databaseId: Int
  slug: String!
  name: String!
  url: URI!
}

type RateLimit {
  cost: Int!
  limit: Int!
  nodeCount: Int!
  remaining: Int!
  resetAt: DateTime!
  used: Int!
}

type Query {
  repository(owner: String!, name: String!, followRenames: Boolean = true): Repository
  rateLimit(dryRun: Boolean = false): RateLimit
  viewer: User!
  node(id: ID!): Node
  nodes(ids: [ID!]!): [Node]!
  organization(login: String!): Organization
  user(login: String!): User
}

enum RefOrderField { TAG_COMMIT_DATE ALPHABETICAL }
input RefOrder { field: RefOrderField!, direction: OrderDirection! }
enum IssueOrderField { CREATED_AT UPDATED_AT COMMENTS }
input IssueOrder { field: IssueOrderField!, direction: OrderDirection! }
enum DiscussionOrderField { CREATED_AT UPDATED_AT }
input DiscussionOrder { field: DiscussionOrderField!, direction: OrderDirection! }
enum DeploymentOrderField { CREATED_AT }
input DeploymentOrder { field: DeploymentOrderField!, direction: OrderDirection! }
enum ReleaseOrderField { CREATED_AT NAME }
input ReleaseOrder { field: ReleaseOrderField!, direction: OrderDirection! }
enum MilestoneOrderField { DUE_DATE CREATED_AT UPDATED_AT NUMBER }
input MilestoneOrder { field: MilestoneOrderField!, direction: OrderDirection! }
enum LabelOrderField { NAME CREATED_AT }
input LabelOrder { field: LabelOrderField!, direction: OrderDirection! }
input IssueFilters { createdBy: String, labels: [String!], milestoneNumber: String, since: DateTime, states: [IssueState!] }

type Repository implements Node {
  id: ID!
  databaseId: Int
  name: String!
  nameWithOwner: String!
  owner: RepositoryOwner!
  description: String
  url: URI!
  resourcePath: URI!
  isArchived: Boolean!
  isPrivate: Boolean!
  createdAt: DateTime!
  updatedAt: DateTime!
  pushedAt: DateTime
  defaultBranchRef: Ref
  ref(qualifiedName: String!): Ref
  refs(after: String, before: String, first: Int, last: Int, query: String, refPrefix: String!, direction: OrderDirection, orderBy: RefOrder): RefConnection
  object(expression: String, oid: GitObjectID): GitObject
  issue(number: Int!): Issue
  issues(after: String, before: String, first: Int, last: Int, states: [IssueState!], labels: [String!], orderBy: IssueOrder, filterBy: IssueFilters): IssueConnection!
  issueOrPullRequest(number: Int!): IssueOrPullRequest
  pullRequest(number: Int!): PullRequest
  pullRequests(after: String, before: String, first: Int, last: Int, headRefName: String, baseRefName: String, states: [PullRequestState!], labels: [String!], orderBy: IssueOrder): PullRequestConnection!
  deployments(after: String, before: String, first: Int, last: Int, environments: [String!], orderBy: DeploymentOrder = {field: CREATED_AT, direction: ASC}): DeploymentConnection!
  releases(after: String, before: String, first: Int, last: Int, orderBy: ReleaseOrder): ReleaseConnection!
  release(tagName: String!): Release
  latestRelease: Release
  milestone(number: Int!): Milestone
  milestones(after: String, before: String, first: Int, last: Int, states: [MilestoneState!], orderBy: MilestoneOrder, query: String): MilestoneConnection
  label(name: String!): Label
  labels(after: String, before: String, first: Int, last: Int, orderBy: LabelOrder, query: String): LabelConnection
  discussionCategories(after: String, before: String, first: Int, last: Int, filterByAssignable: Boolean = false): DiscussionCategoryConnection!
  discussion(number: Int!): Discussion
  discussions(after: String, before: String, first: Int, last: Int, categoryId: ID, orderBy: DiscussionOrder = {field: UPDATED_AT, direction: DESC}): DiscussionConnection!
  mergeQueue(branch: String): MergeQueue
}

type Ref implements Node {
  id: ID!
  name: String!
  prefix: String!
  target: GitObject
  repository: Repository!
  associatedPullRequests(after: String, before: String, first: Int, last: Int, states: [PullRequestState!], baseRefName: String, headRefName: String): PullRequestConnection!
  refUpdateRule: RefUpdateRule
}
type RefUpdateRule {
  allowsDeletions: Boolean!
  allowsForcePushes: Boolean!
  blocksCreations: Boolean!
  pattern: String!
  requiredApprovingReviewCount: Int
  requiredStatusCheckContexts: [String]
  requiresCodeOwnerReviews: Boolean!
  requiresConversationResolution: Boolean!
  requiresLinearHistory: Boolean!
  requiresSignatures: Boolean!
  viewerAllowedToDismissReviews: Boolean!
  viewerCanPush: Boolean!
}

enum PullRequestMergeMethod { MERGE SQUASH REBASE }
enum MergeQueueMergingStrategy { ALLGREEN HEADGREEN }
enum MergeQueueEntryState { AWAITING_CHECKS LOCKED MERGEABLE QUEUED UNMERGEABLE }
type MergeQueueConfiguration {
  checkResponseTimeout: Int
  maximumEntriesToBuild: Int
  maximumEntriesToMerge: Int
  mergeMethod: PullRequestMergeMethod
  mergingStrategy: MergeQueueMergingStrategy
  minimumEntriesToMerge: Int
  minimumEntriesToMergeWaitTime: Int
}
type MergeQueue implements Node {
  id: ID!
  configuration: MergeQueueConfiguration
  entries(after: String, before: String, first: Int, last: Int): MergeQueueEntryConnection
  nextEntryEstimatedTimeToMerge: Int
  repository: Repository
  url: URI!
}
type MergeQueueEntry implements Node {
  id: ID!
  baseCommit: Commit
  enqueuedAt: DateTime!
  enqueuer: Actor!
  estimatedTimeToMerge: Int
  headCommit: Commit
  jump: Boolean!
  mergeQueue: MergeQueue
  position: Int!
  pullRequest: PullRequest
  solo: Boolean!
  state: MergeQueueEntryState!
}
type MergeQueueEntryConnection { totalCount: Int! nodes: [MergeQueueEntry] edges: [MergeQueueEntryEdge] pageInfo: PageInfo! }
type MergeQueueEntryEdge { cursor: String! node: MergeQueueEntry }
type RemovedFromMergeQueueEvent implements Node {
  id: ID!
  actor: Actor
  beforeCommit: Commit
  createdAt: DateTime!
  enqueuer: User
  mergeQueue: MergeQueue
  pullRequest: PullRequest
  reason: String
}
union PullRequestTimelineItems = ClosedEvent | LabeledEvent | RemovedFromMergeQueueEvent | ReopenedEvent | UnlabeledEvent
enum PullRequestTimelineItemsItemType { CLOSED_EVENT LABELED_EVENT REMOVED_FROM_MERGE_QUEUE_EVENT REOPENED_EVENT UNLABELED_EVENT }
type PullRequestTimelineItemsConnection {
  edges: [PullRequestTimelineItemsEdge]
  filteredCount: Int!
  nodes: [PullRequestTimelineItems]
  pageCount: Int!
  pageInfo: PageInfo!
  totalCount: Int!
  updatedAt: DateTime!
}
type PullRequestTimelineItemsEdge { cursor: String! node: PullRequestTimelineItems }
type RefConnection { totalCount: Int! nodes: [Ref] edges: [RefEdge] pageInfo: PageInfo! }
type RefEdge { cursor: String! node: Ref }

interface GitObject {
  id: ID!
  oid: GitObjectID!
  abbreviatedOid: String!
  commitUrl: URI!
  commitResourcePath: URI!
  repository: Repository!
}

type GitActor {
  name: String
  email: String
  date: GitTimestamp
  avatarUrl(size: Int): URI!
  user: User
}

interface GitSignature {
  isValid: Boolean!
  state: GitSignatureState!
  email: String!
  signer: User
  wasSignedByGitHub: Boolean!
}
enum GitSignatureState { VALID INVALID MALFORMED_SIG UNKNOWN_KEY BAD_EMAIL UNVERIFIED_EMAIL NO_USER UNKNOWN_SIG_TYPE UNSIGNED GPGVERIFY_UNAVAILABLE GPGVERIFY_ERROR NOT_SIGNING_KEY EXPIRED_KEY OCSP_PENDING OCSP_ERROR BAD_CERT OCSP_REVOKED }
type GpgSignature implements GitSignature {
  isValid: Boolean!
  state: GitSignatureState!
  email: String!
  signer: User
  wasSignedByGitHub: Boolean!
  keyId: String
}

input CommitAuthor { id: ID, emails: [String!] }

type Commit implements Node & GitObject {
  id: ID!
  oid: GitObjectID!
  abbreviatedOid: String!
  commitUrl: URI!
  commitResourcePath: URI!
  url: URI!
  resourcePath: URI!
  repository: Repository!
  message: String!
  messageHeadline: String!
  messageBody: String!
  committedDate: DateTime!
  authoredDate: DateTime!
  pushedDate: DateTime
  author: GitActor
  committer: GitActor
  signature: GitSignature
  tree: Tree!
  changedFilesIfAvailable: Int
  parents(after: String, before: String, first: Int, last: Int): CommitConnection!
  history(after: String, before: String, first: Int, last: Int, since: GitTimestamp, until: GitTimestamp, path: String, author: CommitAuthor): CommitHistoryConnection!
  checkSuites(after: String, before: String, first: Int, last: Int, filterBy: CheckSuiteFilter): CheckSuiteConnection
  status: Status
  statusCheckRollup: StatusCheckRollup
  associatedPullRequests(after: String, before: String, first: Int, last: Int, orderBy: PullRequestOrder): PullRequestConnection
}
input PullRequestOrder { field: IssueOrderField!, direction: OrderDirection! }
type CommitConnection { totalCount: Int! nodes: [Commit] edges: [CommitEdge] pageInfo: PageInfo! }
type CommitHistoryConnection { totalCount: Int! nodes: [Commit] edges: [CommitEdge] pageInfo: PageInfo! }
type CommitEdge { cursor: String! node: Commit }

type Tag implements Node & GitObject {
  id: ID!
  oid: GitObjectID!
  abbreviatedOid: String!
  commitUrl: URI!
  commitResourcePath: URI!
  repository: Repository!
  name: String!
  message: String
  target: GitObject!
  tagger: GitActor
}

type Blob implements Node & GitObject {
  id: ID!
  oid: GitObjectID!
  abbreviatedOid: String!
  commitUrl: URI!
  commitResourcePath: URI!
  repository: Repository!
  text: String
  byteSize: Int!
  isBinary: Boolean
  isTruncated: Boolean!
}

type Tree implements Node & GitObject {
  id: ID!
  oid: GitObjectID!
  abbreviatedOid: String!
  commitUrl: URI!
  commitResourcePath: URI!
  repository: Repository!
  entries: [TreeEntry!]
}

type TreeEntry {
  name: String!
  path: String
  type: String!
  mode: Int!
  oid: GitObjectID!
  extension: String
  size: Int!
  object: GitObject
}

enum CheckStatusState { COMPLETED IN_PROGRESS PENDING QUEUED REQUESTED WAITING }
enum CheckConclusionState { ACTION_REQUIRED CANCELLED FAILURE NEUTRAL SKIPPED STALE STARTUP_FAILURE SUCCESS TIMED_OUT }
enum CheckRunType { ALL LATEST }
input CheckSuiteFilter { appId: Int, checkName: String }
input CheckRunFilter { appId: Int, checkName: String, checkType: CheckRunType, conclusions: [CheckConclusionState!], status: CheckStatusState, statuses: [CheckStatusState!] }

type CheckSuite implements Node {
  id: ID!
  databaseId: Int
  status: CheckStatusState!
  conclusion: CheckConclusionState
  app: App
  commit: Commit!
  branch: Ref
  repository: Repository!
  createdAt: DateTime!
  updatedAt: DateTime!
  url: URI!
  checkRuns(after: String, before: String, first: Int, last: Int, filterBy: CheckRunFilter): CheckRunConnection
}
type CheckSuiteConnection { totalCount: Int! nodes: [CheckSuite] edges: [CheckSuiteEdge] pageInfo: PageInfo! }
type CheckSuiteEdge { cursor: String! node: CheckSuite }

type CheckRun implements Node {
  id: ID!
  databaseId: Int
  name: String!
  status: CheckStatusState!
  conclusion: CheckConclusionState
  detailsUrl: URI
  externalId: String
  startedAt: DateTime
  completedAt: DateTime
  title: String
  summary: String
  text: String
  url: URI!
  permalink: URI!
  checkSuite: CheckSuite!
}
type CheckRunConnection { totalCount: Int! nodes: [CheckRun] edges: [CheckRunEdge] pageInfo: PageInfo! }
type CheckRunEdge { cursor: String! node: CheckRun }

enum StatusState { ERROR EXPECTED FAILURE PENDING SUCCESS }
type Status implements Node {
  id: ID!
  state: StatusState!
  contexts: [StatusContext!]!
  context(name: String!): StatusContext
  commit: Commit
}
type StatusContext implements Node {
  id: ID!
  context: String!
  state: StatusState!
  description: String
  targetUrl: URI
  createdAt: DateTime!
  creator: Actor
  commit: Commit
}
union StatusCheckRollupContext = CheckRun | StatusContext
type StatusCheckRollup implements Node {
  id: ID!
  state: StatusState!
  commit: Commit
  contexts(after: String, before: String, first: Int, last: Int): StatusCheckRollupContextConnection!
}
type StatusCheckRollupContextConnection { totalCount: Int! nodes: [StatusCheckRollupContext] edges: [StatusCheckRollupContextEdge] pageInfo: PageInfo! }
type StatusCheckRollupContextEdge { cursor: String! node: StatusCheckRollupContext }

enum IssueState { OPEN CLOSED }
enum IssueStateReason { COMPLETED NOT_PLANNED REOPENED DUPLICATE }
union IssueOrPullRequest = Issue | PullRequest

type Issue implements Node {
  id: ID!
  databaseId: Int
  number: Int!
  title: String!
  body: String!
  state: IssueState!
  stateReason: IssueStateReason
  closed: Boolean!
  closedAt: DateTime
  locked: Boolean!
  url: URI!
  resourcePath: URI!
  createdAt: DateTime!
  updatedAt: DateTime!
  lastEditedAt: DateTime
  author: Actor
  editor: Actor
  repository: Repository!
  labels(after: String, before: String, first: Int, last: Int, orderBy: LabelOrder): LabelConnection
  milestone: Milestone
  assignees(after: String, before: String, first: Int, last: Int): UserConnection!
  comments(after: String, before: String, first: Int, last: Int): IssueCommentConnection!
  includesCreatedEdit: Boolean!
  userContentEdits(after: String, before: String, first: Int, last: Int): UserContentEditConnection
  timelineItems(after: String, before: String, first: Int, last: Int, itemTypes: [IssueTimelineItemsItemType!], since: DateTime, skip: Int): IssueTimelineItemsConnection!
}
type IssueConnection { totalCount: Int! nodes: [Issue] edges: [IssueEdge] pageInfo: PageInfo! }
type IssueEdge { cursor: String! node: Issue }
type UserConnection { totalCount: Int! nodes: [User] edges: [UserEdge] pageInfo: PageInfo! }
type UserEdge { cursor: String! node: User }

type IssueComment implements Node {
  id: ID!
  databaseId: Int
  body: String!
  createdAt: DateTime!
  updatedAt: DateTime!
  lastEditedAt: DateTime
  url: URI!
  resourcePath: URI!
  author: Actor
  editor: Actor
  viewerDidAuthor: Boolean!
  isMinimized: Boolean!
  issue: Issue!
  reactionGroups: [ReactionGroup!]
}
enum ReactionContent { THUMBS_UP THUMBS_DOWN LAUGH HOORAY CONFUSED HEART ROCKET EYES }
type ReactionGroup { content: ReactionContent! createdAt: DateTime viewerHasReacted: Boolean! }
type IssueCommentConnection { totalCount: Int! nodes: [IssueComment] edges: [IssueCommentEdge] pageInfo: PageInfo! }
type IssueCommentEdge { cursor: String! node: IssueComment }

enum PullRequestState { OPEN CLOSED MERGED }
enum MergeableState { MERGEABLE CONFLICTING UNKNOWN }
enum PullRequestReviewState { PENDING COMMENTED APPROVED CHANGES_REQUESTED DISMISSED }
enum PullRequestReviewDecision { CHANGES_REQUESTED APPROVED REVIEW_REQUIRED }
enum MergeStateStatus { BEHIND BLOCKED CLEAN DIRTY DRAFT HAS_HOOKS UNKNOWN UNSTABLE }

type PullRequest implements Node {
  id: ID!
  databaseId: Int
  number: Int!
  title: String!
  body: String!
  state: PullRequestState!
  closed: Boolean!
  closedAt: DateTime
  merged: Boolean!
  mergedAt: DateTime
  mergedBy: Actor
  mergeable: MergeableState!
  mergeStateStatus: MergeStateStatus!
  isInMergeQueue: Boolean!
  mergeQueueEntry: MergeQueueEntry
  timelineItems(after: String, before: String, first: Int, last: Int, itemTypes: [PullRequestTimelineItemsItemType!], since: DateTime, skip: Int): PullRequestTimelineItemsConnection!
  isDraft: Boolean!
  url: URI!
  permalink: URI!
  resourcePath: URI!
  createdAt: DateTime!
  updatedAt: DateTime!
  lastEditedAt: DateTime
  author: Actor
  editor: Actor
  repository: Repository!
  headRefName: String!
  headRefOid: GitObjectID!
  headRef: Ref
  baseRefName: String!
  baseRefOid: GitObjectID!
  baseRef: Ref
  mergeCommit: Commit
  milestone: Milestone
  reviewDecision: PullRequestReviewDecision
  labels(after: String, before: String, first: Int, last: Int, orderBy: LabelOrder): LabelConnection
  reviews(after: String, before: String, first: Int, last: Int, states: [PullRequestReviewState!], author: String): PullRequestReviewConnection
  commits(after: String, before: String, first: Int, last: Int): PullRequestCommitConnection!
  comments(after: String, before: String, first: Int, last: Int): IssueCommentConnection!
}
type PullRequestConnection { totalCount: Int! nodes: [PullRequest] edges: [PullRequestEdge] pageInfo: PageInfo! }
type PullRequestEdge { cursor: String! node: PullRequest }
type PullRequestReview implements Node {
  id: ID!
  databaseId: Int
  state: PullRequestReviewState!
  body: String!
  submittedAt: DateTime
  author: Actor
  commit: Commit
  url: URI!
}
type PullRequestReviewConnection { totalCount: Int! nodes: [PullRequestReview] edges: [PullRequestReviewEdge] pageInfo: PageInfo! }
type PullRequestReviewEdge { cursor: String! node: PullRequestReview }
type PullRequestCommit implements Node { id: ID! commit: Commit! url: URI! pullRequest: PullRequest! }
type PullRequestCommitConnection { totalCount: Int! nodes: [PullRequestCommit] edges: [PullRequestCommitEdge] pageInfo: PageInfo! }
type PullRequestCommitEdge { cursor: String! node: PullRequestCommit }

# One revision of a body in its edit history, newest first: diff holds the text as saved (null once deleted).
type UserContentEdit implements Node {
  id: ID!
  createdAt: DateTime!
  updatedAt: DateTime!
  editedAt: DateTime!
  editor: Actor
  diff: String
  deletedAt: DateTime
  deletedBy: Actor
}
type UserContentEditConnection { totalCount: Int! nodes: [UserContentEdit] edges: [UserContentEditEdge] pageInfo: PageInfo! }
type UserContentEditEdge { cursor: String! node: UserContentEdit }

enum IssueTimelineItemsItemType { CLOSED_EVENT LABELED_EVENT REOPENED_EVENT UNLABELED_EVENT }
type LabeledEvent implements Node { id: ID! actor: Actor createdAt: DateTime! label: Label! }
type UnlabeledEvent implements Node { id: ID! actor: Actor createdAt: DateTime! label: Label! }
type ClosedEvent implements Node { id: ID! actor: Actor createdAt: DateTime! stateReason: IssueStateReason url: URI! }
type ReopenedEvent implements Node { id: ID! actor: Actor createdAt: DateTime! stateReason: IssueStateReason }
union IssueTimelineItems = ClosedEvent | LabeledEvent | ReopenedEvent | UnlabeledEvent
type IssueTimelineItemsConnection { totalCount: Int! filteredCount: Int! pageCount: Int! updatedAt: DateTime! nodes: [IssueTimelineItems] edges: [IssueTimelineItemsEdge] pageInfo: PageInfo! }
type IssueTimelineItemsEdge { cursor: String! node: IssueTimelineItems }

type Label implements Node {
  id: ID!
  name: String!
  color: String!
  description: String
  isDefault: Boolean!
  url: URI!
  createdAt: DateTime
}
type LabelConnection { totalCount: Int! nodes: [Label] edges: [LabelEdge] pageInfo: PageInfo! }
type LabelEdge { cursor: String! node: Label }

enum MilestoneState { OPEN CLOSED }
type Milestone implements Node {
  id: ID!
  number: Int!
  title: String!
  description: String
  state: MilestoneState!
  closed: Boolean!
  closedAt: DateTime
  dueOn: DateTime
  createdAt: DateTime!
  updatedAt: DateTime!
  url: URI!
  progressPercentage: Float!
  issues(after: String, before: String, first: Int, last: Int, states: [IssueState!]): IssueConnection!
}
type MilestoneConnection { totalCount: Int! nodes: [Milestone] edges: [MilestoneEdge] pageInfo: PageInfo! }
type MilestoneEdge { cursor: String! node: Milestone }

enum DeploymentState { ABANDONED ACTIVE DESTROYED ERROR FAILURE INACTIVE PENDING QUEUED IN_PROGRESS WAITING }
enum DeploymentStatusState { PENDING SUCCESS FAILURE INACTIVE ERROR QUEUED IN_PROGRESS WAITING }
type Deployment implements Node {
  id: ID!
  databaseId: Int
  environment: String
  originalEnvironment: String
  task: String
  payload: String
  description: String
  commitOid: String!
  commit: Commit
  ref: Ref
  state: DeploymentState
  createdAt: DateTime!
  updatedAt: DateTime!
  creator: Actor!
  repository: Repository!
  latestStatus: DeploymentStatus
  latestEnvironment: String
  statuses(after: String, before: String, first: Int, last: Int): DeploymentStatusConnection
}
type DeploymentConnection { totalCount: Int! nodes: [Deployment] edges: [DeploymentEdge] pageInfo: PageInfo! }
type DeploymentEdge { cursor: String! node: Deployment }
type DeploymentStatus implements Node {
  id: ID!
  state: DeploymentStatusState!
  description: String
  environment: String
  environmentUrl: URI
  logUrl: URI
  createdAt: DateTime!
  updatedAt: DateTime!
  creator: Actor!
  deployment: Deployment!
}
type DeploymentStatusConnection { totalCount: Int! nodes: [DeploymentStatus] edges: [DeploymentStatusEdge] pageInfo: PageInfo! }
type DeploymentStatusEdge { cursor: String! node: DeploymentStatus }

type Release implements Node {
  id: ID!
  databaseId: Int
  tagName: String!
  name: String
  description: String
  descriptionHTML: HTML
  isDraft: Boolean!
  isPrerelease: Boolean!
  isLatest: Boolean!
  url: URI!
  resourcePath: URI!
  createdAt: DateTime!
  updatedAt: DateTime!
  publishedAt: DateTime
  author: User
  tag: Ref
  tagCommit: Commit
  repository: Repository!
  releaseAssets(after: String, before: String, first: Int, last: Int, name: String): ReleaseAssetConnection!
}
type ReleaseAsset implements Node {
  id: ID!
  databaseId: Int
  name: String!
  contentType: String!
  size: Int!
  downloadCount: Int!
  downloadUrl: URI!
  url: URI!
  createdAt: DateTime!
  updatedAt: DateTime!
  release: Release
  uploadedBy: User!
}
type ReleaseAssetConnection { totalCount: Int! nodes: [ReleaseAsset] edges: [ReleaseAssetEdge] pageInfo: PageInfo! }
type ReleaseAssetEdge { cursor: String! node: ReleaseAsset }
type ReleaseConnection { totalCount: Int! nodes: [Release] edges: [ReleaseEdge] pageInfo: PageInfo! }
type ReleaseEdge { cursor: String! node: Release }

type DiscussionCategory implements Node {
  id: ID!
  name: String!
  slug: String!
  emoji: String!
  description: String
  isAnswerable: Boolean!
}
type DiscussionConnection { totalCount: Int! nodes: [Discussion] edges: [DiscussionEdge] pageInfo: PageInfo! }
type DiscussionEdge { cursor: String! node: Discussion }
type DiscussionCategoryConnection { totalCount: Int! nodes: [DiscussionCategory] edges: [DiscussionCategoryEdge] pageInfo: PageInfo! }
type DiscussionCategoryEdge { cursor: String! node: DiscussionCategory }
type Discussion implements Node {
  id: ID!
  databaseId: Int
  number: Int!
  title: String!
  body: String!
  url: URI!
  createdAt: DateTime!
  author: Actor
  category: DiscussionCategory!
  repository: Repository!
}

input CommittableBranch { id: ID, repositoryNameWithOwner: String, branchName: String }
input CommitMessage { headline: String!, body: String }
input FileAddition { path: String!, contents: Base64String! }
input FileDeletion { path: String! }
input FileChanges { additions: [FileAddition!] = [], deletions: [FileDeletion!] = [] }
input CreateCommitOnBranchInput {
  branch: CommittableBranch!
  clientMutationId: String
  expectedHeadOid: GitObjectID!
  fileChanges: FileChanges
  message: CommitMessage!
}
type CreateCommitOnBranchPayload { clientMutationId: String commit: Commit ref: Ref }

input CreateDiscussionInput { repositoryId: ID!, categoryId: ID!, title: String!, body: String!, clientMutationId: String }
type CreateDiscussionPayload { clientMutationId: String discussion: Discussion }

input AddCommentInput { subjectId: ID!, body: String!, clientMutationId: String }
type AddCommentPayload { clientMutationId: String commentEdge: IssueCommentEdge subject: Node }

input UpdateIssueCommentInput { id: ID!, body: String!, clientMutationId: String }
type UpdateIssueCommentPayload { clientMutationId: String issueComment: IssueComment }

input EnqueuePullRequestInput { clientMutationId: String, expectedHeadOid: GitObjectID, jump: Boolean, pullRequestId: ID! }
type EnqueuePullRequestPayload { clientMutationId: String mergeQueueEntry: MergeQueueEntry }

input RefUpdate { name: GitRefname!, afterOid: GitObjectID!, beforeOid: GitObjectID, force: Boolean = false }
input UpdateRefsInput { clientMutationId: String, repositoryId: ID!, refUpdates: [RefUpdate!]! }
type UpdateRefsPayload { clientMutationId: String }

input MergePullRequestInput { clientMutationId: String, pullRequestId: ID!, expectedHeadOid: GitObjectID, mergeMethod: PullRequestMergeMethod = MERGE, commitHeadline: String, commitBody: String, authorEmail: String }
type MergePullRequestPayload { clientMutationId: String pullRequest: PullRequest }

type Mutation {
  enqueuePullRequest(input: EnqueuePullRequestInput!): EnqueuePullRequestPayload
  mergePullRequest(input: MergePullRequestInput!): MergePullRequestPayload
  updateRefs(input: UpdateRefsInput!): UpdateRefsPayload
  createCommitOnBranch(input: CreateCommitOnBranchInput!): CreateCommitOnBranchPayload
  createDiscussion(input: CreateDiscussionInput!): CreateDiscussionPayload
  addComment(input: AddCommentInput!): AddCommentPayload
  updateIssueComment(input: UpdateIssueCommentInput!): UpdateIssueCommentPayload
}
`;

let cached: GraphQLSchema | undefined;

export function schema(): GraphQLSchema {
  cached ??= buildSchema(SDL);
  return cached;
}
