"""A minimal Python peer for scripts/bench: the official Python SDK's high-level server (FastMCP,
called MCPServer since `mcp` 2.0) with tidal-mcp's tool names, answering from memory. It does
no I/O at all, so what it costs is the Python MCP stack alone: Python's best case."""

try:
    from mcp.server.mcpserver import MCPServer as Server
except ImportError:  # mcp 1.x
    from mcp.server.fastmcp import FastMCP as Server

mcp = Server("peer")

TRACK = {
    "id": "1", "title": "Track 1", "version": None, "duration_s": 181, "explicit": False,
    "isrc": "TEST00000001", "audio_quality": "LOSSLESS", "popularity": 50, "track_number": None,
    "available": True, "url": "https://tidal.com/browse/track/1",
    "artists": [{"id": "9001", "name": "Artist 1"}], "album": {"id": "5000", "title": "Album 0"},
}


@mcp.tool()
def get_track(track_id: str) -> dict:
    """One track."""
    return {"track": dict(TRACK, id=track_id)}


@mcp.tool()
def search(query: str, limit: int = 20) -> dict:
    """Searches TIDAL for tracks, albums, artists, playlists and videos."""
    return {"tracks": {"items": [TRACK], "offset": 0, "limit": 1, "total": 1}}


def _canned(name: str):
    def tool() -> dict:
        return {"tool": name}

    tool.__name__ = name
    tool.__doc__ = f"{name} (answers from memory)."
    return tool


for _name in [
    "auth_status", "auth_login", "get_track_by_isrc", "get_album", "get_artist",
    "get_artist_top_tracks", "get_artist_albums", "get_similar_artists", "get_artist_radio",
    "get_similar_albums", "get_track_radio", "get_lyrics", "get_mixes", "get_mix_items",
    "recommend_tracks", "get_favorites", "add_favorites", "remove_favorites", "list_playlists",
    "get_playlist", "create_playlist", "update_playlist", "delete_playlist", "add_to_playlist",
    "remove_from_playlist", "move_in_playlist", "get_preferences", "set_preferences",
    "dedupe_playlist", "export_playlist",
]:
    mcp.tool()(_canned(_name))

if __name__ == "__main__":
    mcp.run()
