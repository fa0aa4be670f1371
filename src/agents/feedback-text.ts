// A person's feedback as both agents read it: each item under its id, where it sits (file and line, for an
// inline comment of a review), and its text indented beneath, so the text cannot pass for another item.
import type { FeedbackItem, HumanFeedback } from '../core/model/schema-types.js';

/** Characters of one item's text shown; the rest is cut, the cut said. */
const ITEM_CHARS = 2_000;

/** The items, one block each; the whole is quoted as data by the prompt that shows it. */
export function feedbackItemsText(feedback: HumanFeedback): string {
  return feedback.items.map(itemText).join('\n\n');
}

function itemText(item: FeedbackItem): string {
  const where = item.path === null ? 'general' : `on ${oneLine(item.path)}${item.line === null ? ' (a line no longer in the diff)' : ` line ${item.line}`}`;
  const text = item.text.length > ITEM_CHARS ? `${item.text.slice(0, ITEM_CHARS)}\n[truncated: ${item.text.length - ITEM_CHARS} characters omitted]` : item.text;
  const body = text.trim().split('\n').map((line) => `    ${line}`).join('\n');
  return `${item.id} (${where}):\n${body}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
