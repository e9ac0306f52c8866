// M1/M2 with the official TypeScript MCP SDK (the client most hosts are built on): spawns
// `tidal-mcp serve` over stdio against the fake TIDAL that the Rust test started, lists tools,
// resources, templates and prompts, calls every listed tool (a tool without a case fails), and
// lets the SDK validate each structuredContent against its outputSchema. Any warning the SDK or
// its schema validator prints (e.g. `unknown format "uint64" ignored in schema`) is a failure.
// Prints 'N passed, M failed'; exit 1 on any failure.
//
// usage: node ts_sdk_client.mjs <tidal-mcp binary> <seeded playlist id>
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ToolListChangedNotificationSchema } from "@modelcontextprotocol/sdk/types.js";

const [bin, seed] = process.argv.slice(2);
let passed = 0;
const failed = [];
const check = (name, cond, detail = "") => (cond ? passed++ : failed.push(`${name}: ${detail}`));

// The SDK and Ajv report schema problems through console.warn / console.error.
const warnings = [];
for (const level of ["warn", "error", "log", "info"]) {
  const original = console[level].bind(console);
  console[level] = (...args) => {
    warnings.push(`${level}: ${args.map(String).join(" ")}`);
    original(...args);
  };
}

// The connection starts with the default toolsets, as a host's would; the model turns the
// rest on with the `toolsets` tool and the SDK hears notifications/tools/list_changed.
const env = { ...process.env, TIDAL_MCP_MCP__TOOL_SET: "default" };
const transport = new StdioClientTransport({ command: bin, args: ["serve"], env, stderr: "ignore" });
const client = new Client({ name: "tidal-mcp-ts-sdk-test", version: "1.0.0" });
let listChanged = 0;
client.setNotificationHandler(ToolListChangedNotificationSchema, () => { listChanged++; });
await client.connect(transport);

const first = (await client.listTools()).tools;
check("the default set lists toolsets", first.some((t) => t.name === "toolsets"));
check("the default set leaves discovery out", !first.some((t) => t.name === "get_lyrics"), first.map((t) => t.name).join(","));
const turnedOn = await client.callTool({ name: "toolsets", arguments: { enable: ["discovery", "curation", "folders", "history", "account"] } });
check("toolsets turns the rest on", !turnedOn.isError && turnedOn.structuredContent.enabled_tools.includes("get_lyrics"), JSON.stringify(turnedOn).slice(0, 300));
for (let i = 0; i < 100 && listChanged === 0; i++) await new Promise((r) => setTimeout(r, 10));
check("tools/list_changed heard", listChanged === 1, String(listChanged));
const { tools } = await client.listTools();
check("33+ tools listed", tools.length >= 33, String(tools.length));
const { resources } = await client.listResources();
check("resources listed", resources.some((r) => r.uri === "tidal://me"));
const { resourceTemplates } = await client.listResourceTemplates();
check("templates listed", resourceTemplates.length >= 5, String(resourceTemplates.length));
const { prompts } = await client.listPrompts();
check("prompts listed", prompts.length === 5, String(prompts.length));

const covered = new Set(["toolsets"]); // called above, as a model turns toolsets on
async function call(name, args, expectError = false) {
  covered.add(name);
  try {
    // callTool validates structuredContent against the tool's outputSchema and throws if it
    // does not match.
    const r = await client.callTool({ name, arguments: args });
    check(`${name} ${expectError ? "is an error" : "succeeds"}`, Boolean(r.isError) === expectError, JSON.stringify(r).slice(0, 300));
    if (!expectError) {
      check(`${name} has structuredContent`, r.structuredContent !== undefined);
      check(`${name} text equals structuredContent`, JSON.stringify(JSON.parse(r.content[0].text)) === JSON.stringify(r.structuredContent));
    }
    return r.structuredContent ?? r;
  } catch (e) {
    check(`${name} answers without a protocol error`, false, String(e).slice(0, 300));
    return {};
  }
}

await call("auth_status", {});
await call("search", { query: "Track 1", types: ["tracks", "artists"], limit: 3 });
await call("get_track", { track_id: "5" });
await call("get_track_by_isrc", { isrc: "TEST00000005" });
await call("get_album", { album_id: "5001", include_tracks: true });
await call("get_artist", { artist_id: "https://tidal.com/browse/artist/9001" });
await call("get_artist_top_tracks", { artist_id: "9001", limit: 5 });
await call("get_artist_albums", { artist_id: "9001", filter: "ep_singles" });
await call("get_similar_artists", { artist_id: "9001" });
await call("get_artist_bio", { artist_id: "9001" });
await call("get_artist_radio", { artist_id: "9001", limit: 5 });
await call("get_similar_albums", { album_id: "5001" });
await call("get_track_radio", { track_id: "5", limit: 5 });
await call("get_lyrics", { track_id: "5" });
await call("list_playlists", {});
await call("get_playlist", { playlist_id: seed, all: true });
const created = await call("create_playlist", { title: "TS SDK", track_ids: ["7", "8"] });
const pid = created?.playlist?.id;
check("create_playlist counts its tracks", created?.playlist?.number_of_tracks === 2, JSON.stringify(created?.playlist));
await call("update_playlist", { playlist_id: pid, title: "TS SDK renamed" });
await call("add_to_playlist", { playlist_id: pid, track_ids: ["9"], position: 0 });
await call("move_in_playlist", { playlist_id: pid, indices: [0], to_index: 3 });
await call("remove_from_playlist", { playlist_id: pid, track_ids: ["8"] });
await call("dedupe_playlist", { playlist_id: seed });
await call("export_playlist", { playlist_id: pid, format: "m3u" });
await call("import_tracks", { content: "TEST00000001\nTEST00000002", new_playlist_title: "Imported" });
await call("reorder_playlist", { playlist_id: pid, order: "title" });
await call("add_album_to_playlist", { playlist_id: pid, album_id: "5001" });
const copied = await call("copy_playlist", { source_playlist_id: pid, new_playlist_title: "Copy" });
await call("clear_playlist", { playlist_id: copied.playlist_id ?? pid, confirm: true });
await call("delete_playlist", { playlist_id: pid, confirm: true });
await call("get_favorites", { type: "tracks", order: "NAME", direction: "ASC" });
await call("add_favorites", { type: "albums", ids: ["5001"] });
await call("remove_favorites", { type: "albums", ids: ["5001"] });
await call("get_mixes", {});
await call("get_mix_items", { mix_id: "mix001", limit: 5 });
await call("recommend_tracks", { seed_track_ids: ["5"], limit: 5 });
await call("set_preferences", { changes: { search_limit: 4 } });
await call("get_preferences", {});
await call("auth_login", {});
await call("get_profile", {});
await call("get_new_releases", { days: 30 });
await call("get_album_review", { album_id: "5003" });
await call("get_album_by_upc", { upc: "0060253705007" });
await call("get_similar_tracks", { track_id: "10", limit: 3 });
await call("get_artist_videos", { artist_id: "9002", limit: 3 });
await call("get_artwork", { type: "album", id: "5001", size: 320 });
await call("browse", { page: "genres" });
await call("search_suggestions", { query: "tra" });
await call("get_listening_history", { tracks_per_mix: 3 });
const folder = await call("create_folder", { name: "TS folder" });
await call("move_to_folder", { playlist_ids: [seed], folder_id: folder.id });
await call("list_folders", { folder_id: folder.id });
await call("rename_folder", { folder_id: folder.id, name: "TS folder 2" });
await call("delete_folder", { folder_id: folder.id, confirm: true });

const missing = tools.map((t) => t.name).filter((n) => !covered.has(n));
check("every listed tool has a case", missing.length === 0, missing.join(", "));

// Bad arguments are tool errors that name the argument, never protocol errors.
for (const [name, args, word] of [
  ["get_track", { track_id: "abc" }, "track id"],
  ["search", { query: "x", limit: 500 }, "limit"],
  ["get_favorites", { type: "songs" }, "type"],
  ["get_album", { album_id: "1", limit: 1000 }, "limit"],
]) {
  const r = await call(name, args, true);
  check(`${name} error names ${word}`, JSON.stringify(r).includes(word), JSON.stringify(r).slice(0, 300));
}

const read = await client.readResource({ uri: `tidal://playlist/${seed}` });
check("playlist resource reads", read.contents[0].text.includes(seed));
const done = await client.complete({ ref: { type: "ref/resource", uri: "tidal://playlist/{id}" }, argument: { name: "id", value: "" } });
check("playlist ids complete", done.completion.values.includes(seed), JSON.stringify(done));
const none = await client.complete({ ref: { type: "ref/prompt", name: "no_such_prompt" }, argument: { name: "x", value: "" } });
check("unknown prompt completes to nothing", none.completion.values.length === 0, JSON.stringify(none));
await client.setLoggingLevel("debug");
const prompt = await client.getPrompt({ name: "build_playlist", arguments: { mood: "rainy" } });
check("prompt renders", JSON.stringify(prompt).includes("rainy"));

await client.close();
check("no warnings from the SDK or its schema validator", warnings.length === 0, warnings.join(" | ").slice(0, 500));
for (const f of failed) process.stdout.write(`FAIL ${f}\n`);
process.stdout.write(`${passed} passed, ${failed.length} failed\n`);
process.exit(failed.length ? 1 : 0);
