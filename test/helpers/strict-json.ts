// JSON.parse that refuses what JSON.parse lets through: an object with the same key twice
// (JSON.parse silently keeps the last), which log collectors read in different ways.
export function parseStrictJson(text: string): unknown {
  const value: unknown = JSON.parse(text); // syntax first: the scan below may assume valid JSON
  const objects: Set<string>[] = [];
  const stack: ("object" | "array")[] = [];
  let expectKey = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const string = JSON.parse(text.slice(i, end + 1)) as string;
      if (stack.at(-1) === "object" && expectKey) {
        const keys = objects.at(-1)!;
        if (keys.has(string)) throw new SyntaxError(`duplicate key ${JSON.stringify(string)} at ${i}`);
        keys.add(string);
        expectKey = false;
      }
      i = end;
    } else if (c === "{") {
      stack.push("object");
      objects.push(new Set());
      expectKey = true;
    } else if (c === "[") stack.push("array");
    else if (c === "}" || c === "]") {
      if (stack.pop() === "object") objects.pop();
      expectKey = false;
    } else if (c === ",") expectKey = stack.at(-1) === "object";
  }
  return value;
}
