"""Issue 23: live resources in the 2026-07-28 protocol era, from the Python MCP SDK (pinned in
requirements.txt). Two clients, each its own `tidal-mcp serve` over stdio (one agent behind
both): the first opens a `subscriptions/listen` stream for a playlist, the playlist list and
a resource that cannot change; the second changes the playlist and creates one; then the CLI
logs out. The first hears each within a second, and only what it asked for. In `tools` mode
a client on the default toolsets listens to its tool list and turns a toolset on.

usage: python listen.py <tidal-mcp binary> <playlist id> <resources|tools>
Prints 'N passed, M failed'; exit 1 on any failure.
"""

import asyncio
import os
from asyncio.subprocess import PIPE
import sys
import time

from mcp import Client, StdioServerParameters
from mcp.shared.subscriptions import ResourcesListChanged, ResourceUpdated, ToolsListChanged

from checks import check, report

BIN, PID, MODE = sys.argv[1:4]
ENV = {**os.environ, "TIDAL_MCP_MCP__TOOL_SET": "full" if MODE == "resources" else "default"}


def client():
    params = StdioServerParameters(command=BIN, args=["serve"], env=ENV)
    return Client(params, mode="auto", read_timeout_seconds=30)


async def events_within(sub, seconds, start=None):
    """The events the stream brings within `seconds`, each with how long after `start` (now by
    default) it came."""
    got = []
    start = start or time.monotonic()

    async def collect():
        async for event in sub:
            got.append((event, time.monotonic() - start))

    try:
        await asyncio.wait_for(collect(), seconds)
    except asyncio.TimeoutError:
        pass
    return got


async def tool_list():
    async with client() as c:
        async with c.listen(tools_list_changed=True) as sub:
            check("the tool list is honored", sub.honored.tools_list_changed is True, str(sub.honored))
            r = await c.call_tool("toolsets", {"enable": ["curation"]})
            check("a toolset is turned on", not r.is_error, str(r.content)[:300])
            got = [e for e, _ in await events_within(sub, 1.0)]
            check("the stream says the tool list changed", ToolsListChanged() in got, str(got))
            tools = await c.list_tools()
            check("the new tools are listed", "dedupe_playlist" in [t.name for t in tools.tools], "")


async def main():
    if MODE == "tools":
        return await tool_list()
    uri = f"tidal://playlist/{PID}"
    async with client() as watcher, client() as editor:
        wanted = [uri, "tidal://playlists", "tidal://track/1"]
        async with watcher.listen(resource_subscriptions=wanted, resources_list_changed=True) as sub:
            honored = sub.honored.resource_subscriptions or []
            check("the changing resources are honored", set(honored) == {uri, "tidal://playlists"}, str(honored))

            sent = time.monotonic()
            r = await editor.call_tool("add_to_playlist", {"playlist_id": PID, "track_ids": ["5"]})
            check("the other client's write is done", not r.is_error, str(r.content)[:300])
            got = await events_within(sub, 1.0, sent)
            check("its playlist's change is heard within a second", any(e == ResourceUpdated(uri) for e, _ in got), str(got))
            print("another client's write heard after", [f"{t * 1000:.1f} ms" for e, t in got if e == ResourceUpdated(uri)], "(from the start of its call)")
            # The list shows each playlist's track count; no playlist came or went.
            listed = {ResourceUpdated(uri), ResourceUpdated("tidal://playlists")}
            check("nothing else", all(e in listed for e, _ in got), str(got))

            r = await editor.call_tool("create_playlist", {"title": "Fresh"})
            check("a new playlist is made", not r.is_error, str(r.content)[:300])
            got = await events_within(sub, 1.0)
            check("the list's change is heard", ResourcesListChanged() in [e for e, _ in got], str(got))

            sent = time.monotonic()
            logout = await asyncio.create_subprocess_exec(BIN, "logout", env=ENV, stdout=PIPE, stderr=PIPE)
            timed = await events_within(sub, 1.0, sent)
            _, err = await asyncio.wait_for(logout.communicate(), 30)
            check("the CLI logs out", logout.returncode == 0, err.decode()[:300])
            print("the CLI logout heard after", [f"{t * 1000:.1f} ms" for _, t in timed][:1], "(from the start of `tidal-mcp logout`)")
            got = [e for e, _ in timed]
            check("a CLI logout is heard for every subscribed resource", ResourceUpdated(uri) in got and ResourceUpdated("tidal://playlists") in got, str(got))


asyncio.run(main())
report()
