"""M1/M2 conformance: the official Python MCP SDK drives `tidal-mcp serve` over stdio, in its
default (server/discover probing) mode and in legacy mode, against the fake TIDAL the Rust test
started. Every structured result is validated against the tool's outputSchema. Also parses the
Prometheus export with prometheus_client. Prints 'N passed, M failed'; exit 1 on any failure."""

import asyncio
import os
import subprocess
import sys

import jsonschema
from mcp import Client, StdioServerParameters
from prometheus_client.parser import text_string_to_metric_families

from checks import check, failed, report

BIN = sys.argv[1]
ENV = {k: v for k, v in os.environ.items() if k.startswith("TIDAL") or k in ("PATH", "HOME")}


def structured(result):
    return getattr(result, "structured_content", None) or getattr(result, "structuredContent", None)


def is_error(result):
    v = getattr(result, "is_error", None)
    return v if v is not None else getattr(result, "isError", False)


async def run(mode):
    # The default toolsets, as a host starts them; the model turns discovery on below.
    params = StdioServerParameters(command=BIN, args=["serve"], env={**ENV, "TIDAL_MCP_MCP__TOOL_SET": "default"})
    heard = []

    async def on_message(message):
        heard.append(repr(message))

    async with Client(params, mode=mode, read_timeout_seconds=30, message_handler=on_message) as c:
        async def listed():
            tools = await c.list_tools()
            tools = getattr(tools, "tools", tools)
            return {t.name: (getattr(t, "output_schema", None) or getattr(t, "outputSchema", None)) for t in tools}

        schemas = await listed()
        check(f"{mode}: get_lyrics not listed by default", "get_lyrics" not in schemas, str(sorted(schemas)))
        r = await c.call_tool("toolsets", {"enable": ["discovery"]})
        check(f"{mode}: toolsets turns discovery on", not is_error(r) and "get_lyrics" in structured(r)["enabled_tools"], str(r)[:300])
        for _ in range(100):
            if any("list_changed" in h or "ToolListChanged" in h for h in heard):
                break
            await asyncio.sleep(0.01)
        check(f"{mode}: tools/list_changed heard", any("list_changed" in h or "ToolListChanged" in h for h in heard), str(heard)[:300])
        schemas = await listed()
        check(f"{mode}: get_lyrics listed once turned on", "get_lyrics" in schemas, str(sorted(schemas)))
        for needed in ["search", "create_playlist", "add_to_playlist", "get_playlist", "remove_from_playlist"]:
            check(f"{mode}: {needed} listed", needed in schemas)

        async def call(name, args):
            r = await c.call_tool(name, args)
            s = structured(r)
            check(f"{mode}: {name} ok", not is_error(r), str(r)[:300])
            try:
                jsonschema.validate(s, schemas[name], cls=jsonschema.Draft202012Validator)
                check(f"{mode}: {name} matches outputSchema", True)
            except jsonschema.ValidationError as e:
                check(f"{mode}: {name} matches outputSchema", False, e.message)
            return s

        s = await call("search", {"query": "Track 1", "types": ["tracks"], "limit": 5})
        check(f"{mode}: search found tracks", len(s["tracks"]["items"]) == 5, str(s)[:200])
        p = await call("create_playlist", {"title": f"conformance {mode}", "description": "made by the Python SDK"})
        pid = p["playlist"]["id"]
        a = await call("add_to_playlist", {"playlist_id": pid, "track_ids": ["11", "12", "https://tidal.com/browse/track/13"]})
        check(f"{mode}: three added", a["added_ids"] == ["11", "12", "13"], str(a))
        g = await call("get_playlist", {"playlist_id": pid, "all": True})
        check(f"{mode}: playlist shows the adds", [i["track"]["id"] for i in g["items"]["items"]] == ["11", "12", "13"], str(g)[:300])
        await call("remove_from_playlist", {"playlist_id": pid, "indices": [1]})
        g = await call("get_playlist", {"playlist_id": pid})
        check(f"{mode}: removal visible", [i["track"]["id"] for i in g["items"]["items"]] == ["11", "13"], str(g)[:300])
        for name, args in [("search", {"query": ["x"]}), ("get_track", {"track_id": "not an id!"}), ("search", {"query": "x", "limit": 500}), ("get_playlist", {})]:
            r = await c.call_tool(name, args)
            check(f"{mode}: bad arguments to {name} are is_error", is_error(r), str(r)[:200])
        for name in schemas:
            check(f"{mode}: {name} has an object outputSchema", isinstance(schemas[name], dict) and schemas[name].get("type") == "object", str(schemas[name])[:100])


async def main():
    for mode in ["auto", "legacy"]:
        try:
            await run(mode)
        except Exception as e:  # a failure to connect is a failed check, not a crash
            failed.append(f"{mode}: {type(e).__name__}: {e}")
    text = subprocess.run([BIN, "metrics", "export"], env=ENV, capture_output=True, text=True, check=True).stdout
    families = list(text_string_to_metric_families(text))
    names = {f.name for f in families}
    check("prometheus parses with families", len(families) > 5, text[:300])
    check("tool call counter exported", "tidal_mcp_tool_calls" in names, str(names))
    help_lines = [l for l in text.splitlines() if l.startswith("# HELP ")]
    check("one HELP per family", len(help_lines) == len({l.split()[2] for l in help_lines}))
    for f in families:
        check(f"{f.name} has the tidal_mcp_ or process_ prefix", f.name.startswith(("tidal_mcp_", "process_")))
        if f.type == "counter":
            check(f"counter {f.name} samples end in _total", all(s.name.endswith("_total") for s in f.samples), str([s.name for s in f.samples][:3]))
        check(f"{f.name} has help text", bool(f.documentation))
        for s in f.samples:
            check(f"{s.name} has no user id label", "user" not in s.labels and "424242" not in str(s.labels))
            if s.name.endswith("_bucket") and s.labels.get("le") == "+Inf":
                count = [x for x in f.samples if x.name == f.name + "_count" and {k: v for k, v in x.labels.items()} == {k: v for k, v in s.labels.items() if k != "le"}]
                check(f"{s.name} +Inf equals _count", count and count[0].value == s.value)
    report()


asyncio.run(main())
