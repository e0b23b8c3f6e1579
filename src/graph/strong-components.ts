/** Strongly connected components of a directed graph given as adjacency lists. */

interface Frame {
  node: number;
  next: number;
}

/**
 * The groups of mutually reachable nodes of the graph (`edges[i]` lists the nodes `i`
 * points to), each in the order Tarjan's algorithm closes it. Iterative, so deep graphs
 * cannot overflow the call stack.
 */
export function strongComponents(edges: readonly (readonly number[])[]): number[][] {
  const n = edges.length;
  const index = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const onStack = new Array<boolean>(n).fill(false);
  const stack: number[] = [];
  const components: number[][] = [];
  let counter = 0;

  const visit = (node: number, work: Frame[]) => {
    index[node] = low[node] = counter++;
    stack.push(node);
    onStack[node] = true;
    work.push({ node, next: 0 });
  };
  // Pops the component rooted at `root` off the stack.
  const close = (root: number) => {
    const component: number[] = [];
    let member: number;
    do {
      member = stack.pop() as number;
      onStack[member] = false;
      component.push(member);
    } while (member !== root);
    components.push(component);
  };

  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    const work: Frame[] = [];
    visit(root, work);
    while (work.length > 0) {
      const frame = work[work.length - 1] as Frame;
      const deps = edges[frame.node] ?? [];
      if (frame.next < deps.length) {
        const dep = deps[frame.next++] as number;
        if (index[dep] === -1) visit(dep, work);
        else if (onStack[dep]) low[frame.node] = Math.min(low[frame.node] as number, index[dep] as number);
        continue;
      }
      work.pop();
      const parent = work[work.length - 1];
      if (parent) low[parent.node] = Math.min(low[parent.node] as number, low[frame.node] as number);
      if (low[frame.node] === index[frame.node]) close(frame.node);
    }
  }
  return components;
}
