// Issue 23: live resources. Two TypeScript SDK clients, each its own `tidal-mcp serve` over
// stdio (one agent behind both): the first subscribes to a playlist and the playlist list, the
// second changes them; the first hears notifications/resources/updated (and list_changed for a
// new playlist) within a second. A URI it did not subscribe to brings nothing. Then the CLI logs
// out, and every subscribed resource is updated.
// usage: node subscribe.mjs <tidal-mcp binary> <playlist id>; prints 'N passed, M failed'.
import { spawnSync } from "node:child_process";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ResourceListChangedNotificationSchema, ResourceUpdatedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [bin, pid] = process.argv.slice(2);
let passed = 0;
const failed = [];
const check = (name, cond, detail = "") => (cond ? passed++ : failed.push(`${name}: ${detail}`));
const env = { ...process.env, TIDAL_MCP_MCP__TOOL_SET: "full" };

async function connect(name) {
  const client = new Client({ name, version: "1.0.0" });
  await client.connect(new StdioClientTransport({ command: bin, args: ["serve"], env, stderr: "ignore" }));
  return client;
}

const watcher = await connect("watcher");
const updated = [];
let listChanged = 0;
watcher.setNotificationHandler(ResourceUpdatedNotificationSchema, (n) => updated.push([n.params.uri, Date.now()]));
watcher.setNotificationHandler(ResourceListChangedNotificationSchema, () => listChanged++);
check("the server offers subscriptions", watcher.getServerCapabilities()?.resources?.subscribe === true);
const uri = `tidal://playlist/${pid}`;
await watcher.subscribeResource({ uri });
await watcher.subscribeResource({ uri: "tidal://playlists" });
await watcher.subscribeResource({ uri: "tidal://favorites/albums" });
let accepted = true;
try { await watcher.subscribeResource({ uri: "tidal://album/5" }); } catch { accepted = false; }
check("a resource that never changes is subscribed to as well", accepted);

const writer = await connect("writer");
const waitFor = async (cond) => { for (let i = 0; i < 100 && !cond(); i++) await new Promise((r) => setTimeout(r, 10)); return cond(); };
const before = Date.now();
const added = await writer.callTool({ name: "add_to_playlist", arguments: { playlist_id: pid, track_ids: ["9"] } });
check("the other client writes", !added.isError, JSON.stringify(added).slice(0, 300));
const heard = await waitFor(() => updated.some(([u]) => u === uri));
const at = updated.find(([u]) => u === uri)?.[1];
check("the subscriber hears of the change within a second", heard && at - before < 1000, JSON.stringify(updated));
await writer.callTool({ name: "create_playlist", arguments: { title: "Appeared" } });
check("a new playlist: the list is updated", await waitFor(() => updated.some(([u]) => u === "tidal://playlists")), JSON.stringify(updated));
check("a new playlist: list_changed", await waitFor(() => listChanged > 0), String(listChanged));
check("nothing for what did not change", !updated.some(([u]) => u.startsWith("tidal://favorites") || u.startsWith("tidal://album")), JSON.stringify(updated));
await watcher.unsubscribeResource({ uri });
const count = updated.filter(([u]) => u === uri).length;
await writer.callTool({ name: "add_to_playlist", arguments: { playlist_id: pid, track_ids: ["10"] } });
await new Promise((r) => setTimeout(r, 300));
check("nothing after unsubscribing", updated.filter(([u]) => u === uri).length === count, JSON.stringify(updated));
// The CLI, through the same agent: a logout changes what every resource shows.
const since = updated.length;
const out = spawnSync(bin, ["logout"], { env, encoding: "utf8", timeout: 30000 });
check("the CLI logs out", out.status === 0, out.stderr);
check("a CLI logout is heard within a second", await waitFor(() => updated.slice(since).some(([u]) => u === "tidal://favorites/albums")), JSON.stringify(updated.slice(since)));
await writer.close();
await watcher.close();

for (const f of failed) process.stdout.write(`FAIL ${f}\n`);
process.stdout.write(`${passed} passed, ${failed.length} failed\n`);
process.exit(failed.length ? 1 : 0);
