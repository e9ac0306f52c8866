"""Issue 23: OpenAI's Agents SDK (openai-agents, pinned in requirements.txt) turns every tool of
tidal-mcp into a strict function tool. Lists the tools over stdio through the Agents SDK's
`MCPServerStdio`, then asks the Agents SDK's own converter (`MCPUtil.to_function_tool`, what `MCPServer` with
`convert_schemas_to_strict=True` uses) for each; a tool it leaves non-strict is a failure. Then
calls a tool with what a strict model sends for arguments it would leave out: an empty list.

usage: python strict_tools.py <tidal-mcp binary>  (env: the fake TIDAL's, as the Rust test sets)
Prints 'N passed, M failed'; exit 1 on any failure.
"""

import asyncio
import os
import sys

from agents.mcp.util import MCPUtil
from agents.mcp import MCPServerStdio

from checks import check, report



async def main(binary):
    env = dict(os.environ, TIDAL_MCP_MCP__TOOL_SET="full")
    params = {"command": binary, "args": ["serve"], "env": env}
    async with MCPServerStdio(params=params) as server:
        tools = await server.list_tools()
        check("tools listed", len(tools) > 40, str(len(tools)))
        for tool in tools:
            converted = MCPUtil.to_function_tool(tool, server, True)
            check(f"{tool.name} is strict", converted.strict_json_schema, str(tool.input_schema))
        # A strict model must send every argument: an empty list means "not given".
        r = await server.call_tool("search", {"query": "Track 1", "types": [], "limit": 3})
        check("search with types [] answers", not r.is_error, str(r.content)[:300])


asyncio.run(main(sys.argv[1]))
report()
