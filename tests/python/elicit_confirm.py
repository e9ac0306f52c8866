"""Issue 23: a delete is confirmed by the user, from the Python MCP SDK (pinned in
requirements.txt): declined and cancelled leave the playlist, accepted deletes it. In the
handshake era (`legacy`) the server asks through elicitation; in the 2026-07-28 era (`auto`
here), which forbids server-to-client requests, it answers the call with the question (an
input-required result) and the SDK calls again with the user's answer. A client that cannot
show a form must pass `confirm: true`.

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
    args = {"playlist_id": PID}
    async with Client(params, mode=MODE, read_timeout_seconds=30) as c:
        r = await c.call_tool("delete_playlist", args)
        text = str(r.content)[:300]
        check(f"{MODE}: a client that cannot ask needs confirm", r.is_error and "confirm=true" in text, text)
    async with Client(params, mode=MODE, read_timeout_seconds=30, elicitation_callback=on_elicit) as c:
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
