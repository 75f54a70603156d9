/**
 * Reads the JSON object out of a model's answer. Servers without structured output often wrap it in a
 * Markdown fence or a sentence, so take the fenced block, else the outermost braces.
 */
export function extractJson(text: string): unknown {
  const trimmed = text.trim();
  try {
    return JSON.parse(trimmed);
  } catch {
    const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(trimmed);
    const candidate = fenced ? fenced[1] : trimmed.slice(trimmed.indexOf('{'), trimmed.lastIndexOf('}') + 1);
    return JSON.parse(candidate);
  }
}
