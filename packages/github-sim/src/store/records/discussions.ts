export interface DiscussionCategory {
  id: string;
  name: string;
  slug: string;
  emoji: string;
  description: string;
  isAnswerable: boolean;
}

export interface Discussion {
  id: number;
  nodeId: string;
  number: number;
  title: string;
  body: string;
  categoryId: string;
  user: string;
  createdAt: string;
}
