// Issue 23: a destructive tool asks the user through elicitation when the client declares it.
// With the official TypeScript SDK over stdio: declined and cancelled leave the playlist,
// accepted deletes it; a client without elicitation must pass confirm=true.
// usage: node elicit_confirm.mjs <tidal-mcp binary> <playlist id>; prints 'N passed, M failed'.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const [bin, pid] = process.argv.slice(2);
let passed = 0;
const failed = [];
const check = (name, cond, detail = "") => (cond ? passed++ : failed.push(`${name}: ${detail}`));
const env = { ...process.env, TIDAL_MCP_MCP__TOOL_SET: "full" };
const text = (r) => JSON.stringify(r).slice(0, 400);

async function connect(capabilities) {
  const client = new Client({ name: "tidal-mcp-elicit-test", version: "1.0.0" }, { capabilities });
  await client.connect(new StdioClientTransport({ command: bin, args: ["serve"], env, stderr: "ignore" }));
  return client;
}

// Without elicitation: confirm=true is required.
const plain = await connect({});
const refused = await plain.callTool({ name: "delete_playlist", arguments: { playlist_id: pid } });
check("without elicitation, confirm is required", refused.isError && text(refused).includes("confirm=true"), text(refused));
await plain.close();

// With elicitation: the user is asked, and confirm=true from the model is not enough.
const answers = ["decline", "cancel", "accept"];
const asked = [];
const asking = await connect({ elicitation: { form: {} } });
asking.setRequestHandler(ElicitRequestSchema, async (req) => {
  asked.push(req.params);
  const action = answers.shift();
  return action === "accept" ? { action, content: { confirm: true } } : { action };
});
const declined = await asking.callTool({ name: "delete_playlist", arguments: { playlist_id: pid, confirm: true } });
check("declined is not done", declined.isError && text(declined).includes("declined"), text(declined));
check("the user was told what goes", asked[0]?.message?.includes("Seed") && asked[0]?.message?.includes("tracks"), JSON.stringify(asked[0]));
check("the answer is a yes/no", asked[0]?.requestedSchema?.properties?.confirm?.type === "boolean", JSON.stringify(asked[0]));
const still = await asking.callTool({ name: "get_playlist", arguments: { playlist_id: pid, limit: 1 } });
check("the playlist is still there", !still.isError, text(still));
const cancelled = await asking.callTool({ name: "delete_playlist", arguments: { playlist_id: pid } });
check("cancelled is not done", cancelled.isError && text(cancelled).includes("cancelled"), text(cancelled));
const accepted = await asking.callTool({ name: "delete_playlist", arguments: { playlist_id: pid } });
check("accepted deletes", !accepted.isError && accepted.structuredContent?.deleted === pid, text(accepted));
check("asked three times", asked.length === 3, String(asked.length));
await asking.close();

for (const f of failed) process.stdout.write(`FAIL ${f}\n`);
process.stdout.write(`${passed} passed, ${failed.length} failed\n`);
process.exit(failed.length ? 1 : 0);
