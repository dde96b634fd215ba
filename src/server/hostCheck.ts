// Refuses requests whose Host header names another site, against DNS rebinding: a web page
// the user opens on attacker.example can make its name resolve to 127.0.0.1 and then talk to
// a server listening there, with the browser sending `Host: attacker.example`.

import type { IncomingHttpHeaders } from "node:http";
import { isIP } from "node:net";

/** Names a loopback server answers to when no list is configured. */
const LOOPBACK_NAMES = ["localhost", "127.0.0.1", "::1"];

export const isLoopback = (host: string) => LOOPBACK_NAMES.includes(host) || /^127\.\d+\.\d+\.\d+$/.test(host) || host.endsWith(".localhost");

/** The host name of a Host header, without port or IPv6 brackets, lower-cased; undefined when it cannot be read. */
export function hostName(header: string | undefined): string | undefined {
  if (!header) return undefined;
  const m = /^\[([^\]]+)\](?::\d+)?$/.exec(header) ?? /^([^:]+)(?::\d+)?$/.exec(header);
  return m ? m[1]!.toLowerCase() : undefined;
}

/**
 * The check for a server bound to `bound`: with `allowed` names (configured), a request's
 * Host must be one of them or an IP address; without, a loopback server accepts only loopback
 * names and addresses, and a server on another address accepts any Host (it is reachable
 * by name from elsewhere; put it behind authentication, not behind this check).
 * @example hostCheck("127.0.0.1")("attacker.example:4000") === false
 */
export function hostCheck(bound: string, allowed?: readonly string[]): (header: string | undefined) => boolean {
  const names = allowed?.map((n) => n.toLowerCase());
  if (!names && !isLoopback(bound)) return () => true;
  return (header) => {
    const host = hostName(header);
    if (host === undefined) return false;
    if (names) return names.includes(host) || isIP(host) !== 0;
    return isLoopback(host);
  };
}

/**
 * Whether a connection comes from this machine: its peer address is a loopback address
 * (127.0.0.0/8, ::1, or IPv4 loopback mapped into IPv6).
 * @example isLoopbackPeer(req.socket.remoteAddress)
 */
export function isLoopbackPeer(address: string | undefined): boolean {
  if (!address) return false;
  const v4 = address.startsWith("::ffff:") ? address.slice("::ffff:".length) : address;
  return v4 === "::1" || /^127\.\d+\.\d+\.\d+$/.test(v4);
}

/**
 * Whether a request comes from this machine itself: a loopback peer that relays for no one. A
 * reverse proxy on the same machine connects from loopback too, but says whom it relays for
 * (`Forwarded`, `X-Forwarded-For`); its requests are not local.
 * @example isLocalCaller(req.socket.remoteAddress, req.headers)
 */
export function isLocalCaller(address: string | undefined, headers: IncomingHttpHeaders): boolean {
  return isLoopbackPeer(address) && headers.forwarded === undefined && headers["x-forwarded-for"] === undefined;
}
