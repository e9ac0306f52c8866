//! Who is at the other end of an HTTP connection, for the connection caps: on Linux the local
//! user that owns a loopback peer's socket (its entry in `/proc/net/tcp` or `tcp6`), so one
//! user's connections cannot use up another's, else its address.

use std::net::{IpAddr, SocketAddr};

/// What a connection counts against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Peer {
    /// A local user, by uid.
    User(u32),
    /// A peer whose user cannot be known (not loopback, or not Linux).
    Addr(IpAddr),
}

/// The peer of a connection accepted on `local` from `remote`.
pub fn identify(remote: SocketAddr, local: SocketAddr) -> Peer {
    if remote.ip().is_loopback()
        && let Some(uid) = socket_owner(remote, local)
    {
        return Peer::User(uid);
    }
    Peer::Addr(remote.ip())
}

/// The uid owning the socket bound to `remote` and connected to `local`.
#[cfg(target_os = "linux")]
fn socket_owner(remote: SocketAddr, local: SocketAddr) -> Option<u32> {
    let table = if remote.is_ipv4() {
        "/proc/net/tcp"
    } else {
        "/proc/net/tcp6"
    };
    let text = std::fs::read_to_string(table).ok()?;
    let (want_local, want_remote) = (proc_addr(remote), proc_addr(local));
    text.lines().skip(1).find_map(|line| {
        let f: Vec<&str> = line.split_whitespace().collect();
        (f.len() > 7 && f[1] == want_local && f[2] == want_remote)
            .then(|| f[7].parse().ok())
            .flatten()
    })
}

#[cfg(not(target_os = "linux"))]
fn socket_owner(_: SocketAddr, _: SocketAddr) -> Option<u32> {
    None
}

/// An address as `/proc/net/tcp*` writes it: the address's 32-bit words in host order, in hex,
/// then the port in hex.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn proc_addr(a: SocketAddr) -> String {
    let ip = match a.ip() {
        IpAddr::V4(v4) => format!("{:08X}", u32::from_ne_bytes(v4.octets())),
        IpAddr::V6(v6) => v6
            .octets()
            .chunks(4)
            .map(|w| format!("{:08X}", u32::from_ne_bytes([w[0], w[1], w[2], w[3]])))
            .collect(),
    };
    format!("{ip}:{:04X}", a.port())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_spelled_as_the_kernel_does() {
        let a: SocketAddr = "127.0.0.1:8080".parse().unwrap();
        if cfg!(target_endian = "little") {
            assert_eq!(proc_addr(a), "0100007F:1F90");
            let v6: SocketAddr = "[::1]:80".parse().unwrap();
            assert_eq!(proc_addr(v6), "00000000000000000000000001000000:0050");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_loopback_peer_is_its_user() {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        let client = std::net::TcpStream::connect(listener.local_addr().unwrap()).unwrap();
        let (_conn, remote) = listener.accept().unwrap();
        assert_eq!(remote, client.local_addr().unwrap());
        assert_eq!(
            identify(remote, listener.local_addr().unwrap()),
            Peer::User(crate::home::current_uid())
        );
    }
}
