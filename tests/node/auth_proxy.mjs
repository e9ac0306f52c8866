// A loopback proxy that adds tidal-mcp's bearer token to every request, for clients that cannot
// send an Authorization header (the conformance suite). It never turns auth off: without the
// token file nothing passes. Host and Origin keep their meaning: a loopback value naming the
// proxy's port is rewritten to name the server's, anything else (a rebinding attempt) is passed
// on as it came, for the server to refuse.
//
// usage: node auth_proxy.mjs <target-port> <token-file>; prints the proxy's port on stdout.
import http from "node:http";
import fs from "node:fs";

const [targetPort, tokenFile] = process.argv.slice(2);
const token = fs.readFileSync(tokenFile, "utf8").trim();

const server = http.createServer((req, res) => {
  const own = String(server.address().port);
  const headers = { ...req.headers, authorization: `Bearer ${token}` };
  const loopback = /^(localhost|127\.0\.0\.1|\[::1\])$/;
  const rewrite = (hostPort) => {
    const m = /^(.*):(\d+)$/.exec(hostPort);
    return m && loopback.test(m[1]) && m[2] === own ? `${m[1]}:${targetPort}` : hostPort;
  };
  if (headers.host) headers.host = rewrite(headers.host);
  if (headers.origin) {
    const m = /^(https?:\/\/)(.*)$/.exec(headers.origin);
    if (m) headers.origin = m[1] + rewrite(m[2]);
  }
  const upstream = http.request(
    { host: "127.0.0.1", port: targetPort, method: req.method, path: req.url, headers },
    (up) => {
      res.writeHead(up.statusCode, up.headers);
      up.pipe(res);
    },
  );
  upstream.on("error", (e) => {
    res.writeHead(502);
    res.end(String(e));
  });
  req.pipe(upstream);
});
server.listen(0, "127.0.0.1", () => console.log(server.address().port));
