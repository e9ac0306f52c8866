// Issue 23: a TIDAL tool as a task over streamable HTTP in the 2026-07-28 era (stateless: no
// session, every request carries its own `_meta`), written to the wire as SEP-2663 gives it,
// since no SDK installed here speaks the tasks extension yet. A whole-playlist read becomes a
// task; tasks/get is polled (from fresh requests, as a stateless client does) until it holds
// the result; a request that does not declare the extension gets its answer in place.
// usage: node tasks_http.mjs <url> <token-file> <playlist id> <tracks in it>
// prints 'N passed, M failed'.
import fs from "node:fs";

const [url, tokenFile, pid, count] = process.argv.slice(2);
const token = fs.readFileSync(tokenFile, "utf8").trim();
let passed = 0;
const failed = [];
const check = (name, cond, detail = "") => (cond ? passed++ : failed.push(`${name}: ${detail}`));
const TASKS = "io.modelcontextprotocol/tasks";
let id = 0;

async function rpc(method, params, { name, tasks = true } = {}) {
  const caps = tasks ? { extensions: { [TASKS]: {} } } : {};
  const body = {
    jsonrpc: "2.0",
    id: ++id,
    method,
    params: {
      ...params,
      _meta: {
        "io.modelcontextprotocol/protocolVersion": "2026-07-28",
        "io.modelcontextprotocol/clientInfo": { name: "tasks-http", version: "1.0.0" },
        "io.modelcontextprotocol/clientCapabilities": caps,
      },
    },
  };
  const headers = {
    "content-type": "application/json",
    accept: "application/json, text/event-stream",
    "mcp-protocol-version": "2026-07-28",
    "mcp-method": method,
    authorization: `Bearer ${token}`,
  };
  if (name) headers["mcp-name"] = name;
  const res = await fetch(url, { method: "POST", headers, body: JSON.stringify(body) });
  const text = await res.text();
  // JSON, or an SSE stream whose data lines carry the answer.
  const messages = res.headers.get("content-type")?.includes("text/event-stream")
    ? text.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).filter(Boolean).map((d) => JSON.parse(d))
    : [JSON.parse(text)];
  const answer = messages.find((m) => m.id === body.id);
  if (!answer) throw new Error(`no answer to ${method} (HTTP ${res.status}): ${text.slice(0, 300)}`);
  if (answer.error) throw new Error(`${method}: ${JSON.stringify(answer.error)}`);
  return answer.result;
}

const args = { name: "get_playlist", arguments: { playlist_id: pid, all: true } };
const created = await rpc("tools/call", args, { name: "get_playlist" });
check("a whole-playlist read becomes a task", created.resultType === "task" && !!created.taskId, JSON.stringify(created));
check("the task says how often to poll and how long it is kept", Number.isInteger(created.pollIntervalMs) && Number.isInteger(created.ttlMs), JSON.stringify(created));
let task = created;
for (let i = 0; i < 200 && !["completed", "failed", "cancelled"].includes(task.status); i++) {
  await new Promise((r) => setTimeout(r, 25));
  task = await rpc("tasks/get", { taskId: created.taskId }, { name: created.taskId });
}
check("it completes", task.status === "completed", JSON.stringify(task).slice(0, 300));
const page = task.result?.structuredContent?.items;
check("with the whole playlist", page?.total === Number(count) && page?.items?.length === Number(count), JSON.stringify(page).slice(0, 300));
const cancelled = await rpc("tasks/cancel", { taskId: created.taskId }, { name: created.taskId });
check("cancelling a finished task is acknowledged", cancelled.resultType === "complete", JSON.stringify(cancelled));

const metrics = await (await fetch(url.replace(/\/mcp$/, "/metrics"), { headers: { authorization: `Bearer ${token}` } })).text();
check("metrics count the running tasks (none now)", /^tidal_mcp_running_tasks 0$/m.test(metrics), metrics.slice(0, 300));

const inPlace = await rpc("tools/call", args, { name: "get_playlist", tasks: false });
check("without the extension: answered in place", inPlace.resultType === "complete" && inPlace.structuredContent?.items?.total === Number(count), JSON.stringify(inPlace).slice(0, 300));

for (const f of failed) process.stdout.write(`FAIL ${f}\n`);
process.stdout.write(`${passed} passed, ${failed.length} failed\n`);
process.exit(failed.length ? 1 : 0);
