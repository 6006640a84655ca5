// A small XML well-formedness check for the SVG we generate (no parser dependency): tags
// balance, attributes are quoted and unique, ampersands are entities, one root element.
// It is not a general XML parser: no DTDs, CDATA or single-quoted attributes (we emit none).

const TOKEN =
  /<!--[\s\S]*?-->|<(\/?)([A-Za-z_][\w:.-]*)((?:\s+[A-Za-z_][\w:.-]*="[^"<]*")*)\s*(\/?)>|<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/g;
const ATTR_NAME = /([A-Za-z_][\w:.-]*)="/g;

function duplicateAttribute(attrText: string): string | null {
  const seen = new Set<string>();
  for (const m of attrText.matchAll(ATTR_NAME)) {
    if (seen.has(m[1]!)) return m[1]!;
    seen.add(m[1]!);
  }
  return null;
}

/** Problems found, empty when the document is well-formed. */
export function xmlProblems(xml: string): string[] {
  const problems: string[] = [];
  const stack: string[] = [];
  let roots = 0;
  for (const m of xml.matchAll(TOKEN)) {
    const [whole, slash, name, attrText, selfClose] = m;
    if (whole === "<") problems.push(`malformed tag at ${m.index}`);
    else if (whole === "&") problems.push(`bare & at ${m.index}`);
    if (name === undefined) continue;
    if (stack.length === 0 && slash !== "/") roots++;
    const dup = duplicateAttribute(attrText ?? "");
    if (dup) problems.push(`duplicate attribute ${dup} on <${name}> at ${m.index}`);
    if (slash === "/") {
      const open = stack.pop();
      if (open !== name) problems.push(`</${name}> at ${m.index} closes <${open ?? "nothing"}>`);
    } else if (selfClose !== "/") stack.push(name);
  }
  if (stack.length > 0) problems.push(`unclosed: ${stack.join(" > ")}`);
  if (roots !== 1) problems.push(`expected one root element, found ${roots}`);
  return problems;
}
