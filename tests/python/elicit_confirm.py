"""Issue 23: a delete is confirmed by the user, from the Python MCP SDK (pinned in
requirements.txt). In the handshake era (`legacy`) the server asks through elicitation:
declined and cancelled leave the playlist, accepted deletes it. The 2026-07-28 era (`auto`
here) forbids server-to-client requests, so the server cannot ask: `confirm: true` is required,
as for a client without elicitation.

usage: python elicit_confirm.py <tidal-mcp binary> <playlist id> <mode: legacy|auto>
Prints 'N passed, M failed'; exit 1 on any failure.
"""

import asyncio
import os
import sys

from mcp import Client, StdioServerParameters, types

from checks import check, report

BIN, PID, MODE = sys.argv[1:4]


async def main():
    answers = ["decline", "cancel", "accept"]
    asked = []

    async def on_elicit(context, params):
        asked.append(params.message)
        action = answers.pop(0)
        content = {"confirm": True} if action == "accept" else None
        return types.ElicitResult(action=action, content=content)

    env = {**os.environ, "TIDAL_MCP_MCP__TOOL_SET": "full"}
    params = StdioServerParameters(command=BIN, args=["serve"], env=env)
    async with Client(params, mode=MODE, read_timeout_seconds=30, elicitation_callback=on_elicit) as c:
        args = {"playlist_id": PID}
        if MODE != "legacy":
            r = await c.call_tool("delete_playlist", args)
            text = str(r.content)[:300]
            check(f"{MODE}: without a way to ask, confirm is required", r.is_error and "confirm=true" in text, text)
            r = await c.call_tool("get_playlist", {"playlist_id": PID, "limit": 1})
            check(f"{MODE}: the playlist is still there", not r.is_error, str(r.content)[:300])
            r = await c.call_tool("delete_playlist", {**args, "confirm": True})
            check(f"{MODE}: confirmed deletes", not r.is_error, str(r.content)[:300])
            check(f"{MODE}: nobody was asked", asked == [], str(asked))
            return
        for action in ["declined", "cancelled"]:
            r = await c.call_tool("delete_playlist", args)
            text = str(r.content)[:300]
            check(f"{MODE}: {action} is not done", r.is_error and action in text, text)
        r = await c.call_tool("get_playlist", {"playlist_id": PID, "limit": 1})
        check(f"{MODE}: the playlist is still there", not r.is_error, str(r.content)[:300])
        r = await c.call_tool("delete_playlist", args)
        check(f"{MODE}: accepted deletes", not r.is_error, str(r.content)[:300])
        check(f"{MODE}: the user was asked each time", len(asked) == 3 and "Seed" in asked[0], str(asked))


asyncio.run(main())
report()
