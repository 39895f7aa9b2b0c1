/** What the bot answers: one or more messages to the person who wrote. */
export type Reply = { type: "text"; content: string } | { type: "markdown"; content: string };

export const text = (content: string): Reply => ({ type: "text", content });
export const markdown = (content: string): Reply => ({ type: "markdown", content });
