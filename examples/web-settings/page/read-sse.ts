// Reads a text/event-stream body from fetch (EventSource cannot POST), yielding each event as it arrives.

/**
 * One server-sent event.
 *
 * @example
 * const e: SseEvent = { event: "text", data: "{\"delta\":\"Hi\"}" };
 */
export interface SseEvent {
  event: string;
  data: string;
}

/**
 * Yields the events of a streamed response body in order.
 *
 * @example
 * for await (const e of readSse(response.body!)) console.log(e.event, JSON.parse(e.data));
 */
export async function* readSse(body: ReadableStream<Uint8Array>): AsyncGenerator<SseEvent> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true }).replace(/\r\n?/g, "\n");
    let end = buffer.indexOf("\n\n");
    while (end !== -1) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length > 0) yield { event, data: data.join("\n") };
      end = buffer.indexOf("\n\n");
    }
  }
}
