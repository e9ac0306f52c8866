// Issue 23, item 5: a client whose SSE stream breaks during a tool call reconnects with
// Last-Event-ID and still gets the answer. Speaks streamable HTTP by hand (fetch): initialize,
// start a long call (a playlist read whole), drop the POST stream after its first event, then
// GET with the last event id and wait for the call's result.
// usage: node sse_resume.mjs <url> <bearer token file> <playlist id>; prints 'resumed' or fails.
import { readFileSync } from "node:fs";

const [url, tokenFile, playlist] = process.argv.slice(2);
const token = readFileSync(tokenFile, "utf8").trim();
const base = { Authorization: `Bearer ${token}`, "Content-Type": "application/json", Accept: "application/json, text/event-stream" };

async function* events(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buf += value;
      let at;
      while ((at = buf.indexOf("\n\n")) >= 0) {
        const raw = buf.slice(0, at);
        buf = buf.slice(at + 2);
        const ev = { id: undefined, data: "" };
        for (const line of raw.split("\n")) {
          if (line.startsWith("id:")) ev.id = line.slice(3).trim();
          if (line.startsWith("data:")) ev.data += line.slice(5).trim();
        }
        yield ev;
      }
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

const init = await fetch(url, { method: "POST", headers: base, body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "initialize",
  params: { protocolVersion: "2025-11-25", capabilities: {}, clientInfo: { name: "sse-resume", version: "1" } } }) });
const session = init.headers.get("mcp-session-id");
await init.text();
if (!session) { console.log("no session id"); process.exit(1); }
const headers = { ...base, "mcp-session-id": session, "mcp-protocol-version": "2025-11-25" };
await (await fetch(url, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) })).text();

const call = await fetch(url, { method: "POST", headers, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call",
  params: { name: "get_playlist", arguments: { playlist_id: playlist, all: true } } }) });
let last;
for await (const ev of events(call.body)) {
  if (ev.data.includes('"id":2')) { console.log("answered before the stream could break"); process.exit(1); }
  if (ev.id) { last = ev.id; break; } // the stream breaks here
}
if (!last) { console.log("no event id on the POST stream"); process.exit(1); }

const timer = setTimeout(() => { console.log(`no answer after reconnecting with Last-Event-ID ${last}`); process.exit(1); }, 20000);
const again = await fetch(url, { method: "GET", headers: { ...headers, "last-event-id": last } });
if (!again.ok) { console.log(`GET with Last-Event-ID: HTTP ${again.status}`); process.exit(1); }
for await (const ev of events(again.body)) {
  if (!ev.data) continue;
  const msg = JSON.parse(ev.data);
  if (msg.id === 2 && msg.result && !msg.result.isError && msg.result.structuredContent.items.total === 3000) {
    clearTimeout(timer);
    console.log("resumed");
    process.exit(0);
  }
}
console.log("the stream ended without the answer");
process.exit(1);
