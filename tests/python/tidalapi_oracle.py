"""tidalapi 0.8.11, the Python client people use against TIDAL's real v1 service, driven through
the operations of tests/suite/tidalapi_oracle.rs against the project's fake TIDAL, so that the
requests it sends can be compared with tidal-mcp's (issue 19). Before each operation it asks the
fake for `/__mark/<name>`, which splits the fake's request log into operations. It prints one
JSON object: each operation's outcome ("ok", or the exception tidalapi raised, which is how a fake
answer tidalapi cannot parse shows).

usage: tidalapi_oracle.py FAKE_URL ACCESS_TOKEN
"""

import json
import sys
import traceback

import requests
import tidalapi

url, token = sys.argv[1], sys.argv[2]
# Pages of 50, as tidal-mcp asks: some v1 endpoints refuse more (docs/reference/tidal-api.md).
config = tidalapi.Config(item_limit=50)
config.api_v1_location = f"{url}/v1/"
config.api_v2_location = f"{url}/v2/"
config.openapi_v2_location = f"{url}/openapi/v2/"
session = tidalapi.Session(config)
outcome = {}


def op(name, run):
    requests.get(f"{url}/__mark/{name}", timeout=10)
    try:
        run()
        outcome[name] = "ok"
    except Exception as e:  # the outcome is the report
        where = traceback.extract_tb(e.__traceback__)[-1]
        outcome[name] = f"{type(e).__name__}: {e} ({where.filename.split('/')[-1]}:{where.lineno})"


op("login", lambda: session.load_oauth_session("Bearer", token) or (_ for _ in ()).throw(RuntimeError("login refused")))
if outcome["login"] != "ok":
    print(json.dumps(outcome))
    sys.exit(0)
fav = session.user.favorites
made = {}

op("search", lambda: session.search("Track 12", models=[tidalapi.Track], limit=10))
op("track", lambda: session.track(42))
op("album_tracks", lambda: session.album(5004).tracks())
op("artist_top_tracks", lambda: session.artist(9001).get_top_tracks())
op("artist_albums", lambda: session.artist(9001).get_albums())
op("create_playlist", lambda: made.update(p=session.user.create_playlist("Oracle", "by the oracle")))
# Each edit starts from the playlist as read now (with its current ETag), as a user's next
# command would, and as tidal-mcp reads it before each write.
mine = lambda: session.playlist(made["p"].id)
op("rename_playlist", lambda: mine().edit(title="Renamed"))
op("add_to_playlist", lambda: mine().add(["1", "2", "3"]))
op("remove_from_playlist", lambda: mine().remove_by_indices([0]))
op("move_in_playlist", lambda: mine().move_by_indices([0], 1))
op("delete_playlist", lambda: mine().delete())
op("add_favorite_tracks", lambda: fav.add_track(["7", "8"]))
op("remove_favorite_tracks", lambda: fav.remove_track("7"))
op("add_favorite_albums", lambda: fav.add_album(["5001", "5002"]))
op("remove_favorite_albums", lambda: fav.remove_album("5001"))
op("add_favorite_artists", lambda: fav.add_artist(["9001", "9002"]))
op("remove_favorite_artists", lambda: fav.remove_artist("9001"))
op("add_favorite_playlists", lambda: fav.add_playlist(["aaaaaaaa-0000-4000-8000-000000000019"]))
op("remove_favorite_playlists", lambda: fav.remove_playlist("aaaaaaaa-0000-4000-8000-000000000019"))
op("add_favorite_videos", lambda: fav.add_video("11"))
op("remove_favorite_videos", lambda: fav.remove_video("11"))
op("add_favorite_mixes", lambda: fav.add_mixes(["mix007"]))
op("remove_favorite_mixes", lambda: fav.remove_mixes(["mix007"]))
op("favorite_tracks", lambda: fav.tracks())
op("favorite_mixes", lambda: fav.mixes())
op("mixes", lambda: session.mixes())
op("mix_items", lambda: session.mix("mix001").items())
op("lyrics", lambda: session.track(42).lyrics())
op("track_radio", lambda: session.track(42).get_track_radio())
op("artist_radio", lambda: session.artist(9001).get_radio())
requests.get(f"{url}/__mark/end", timeout=10)
print(json.dumps(outcome))
