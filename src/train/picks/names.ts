/** How picks name repositories and commits in replies, notices and the changelog. */
export const shortName = (fullName: string): string => fullName.split("/")[1] ?? fullName;
export const short = (sha: string): string => sha.slice(0, 7);
