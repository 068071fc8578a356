// What every hostile client shares: its arguments, raw HTTP and raw WebSocket sessions bound to one local
// address (so a server that limits per client address sees attackers apart from honest clients), and the
// one JSON line it prints when its time is up.
import http from "node:http";
import { randomBytes } from "node:crypto";
import WebSocket from "ws";

/** node attacks/NAME.mjs <url> <seconds> [--local 127.0.0.3] [--path /socket.io/] */
export function parseArgs(argv = process.argv.slice(2)) {
  const get = (name, fallback) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && i + 1 < argv.length ? argv[i + 1] : fallback;
  };
  const url = new URL(argv[0] ?? "http://127.0.0.1:3000");
  return {
    url,
    seconds: Number(argv[1] ?? 15),
    local: get("local", "127.0.0.3"),
    path: get("path", "/socket.io/"),
  };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** A base64url string of the length a real sid has (16 random bytes), known to no server. */
export const randomSid = () => randomBytes(16).toString("base64url");

/** Runs `body` in `workers` loops until the deadline; a loop's error counts and the loop goes on. */
export async function flood(workers, deadline, body, stats) {
  await Promise.all(Array.from({ length: workers }, async (_, worker) => {
    while (Date.now() < deadline) {
      try {
        await body(worker);
      } catch (error) {
        count(stats.errors, error.code ?? error.message?.slice(0, 60) ?? String(error));
        await sleep(20);
      }
    }
  }));
}

export function count(map, key) {
  map[key] = (map[key] ?? 0) + 1;
}

/** Raw HTTP from the attacker's address: nothing a real client library would refuse to send. */
export function makeHttp({ url, local }, { maxSockets = 64 } = {}) {
  const agent = new http.Agent({ keepAlive: true, maxSockets, localAddress: local });
  const request = (method, path, { body, headers = {}, timeoutMs = 15000 } = {}) =>
    new Promise((resolve, reject) => {
      const req = http.request({ host: url.hostname, port: url.port, method, path, agent, headers: body ? { "content-type": "text/plain;charset=UTF-8", "content-length": Buffer.byteLength(body), ...headers } : headers }, (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString() }));
        res.on("error", reject);
      });
      req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error("timeout"), { code: "TIMEOUT" })));
      req.on("error", reject);
      req.end(body);
    });
  return { agent, request, close: () => agent.destroy() };
}

/** A polling session by hand: the handshake GET, then whatever the attacker POSTs (or never GETs). */
export async function pollingHandshake(h, path) {
  const res = await h.request("GET", `${path}?EIO=4&transport=polling`);
  if (res.status !== 200 || res.body[0] !== "0") throw Object.assign(new Error(`handshake ${res.status}`), { code: `handshake-${res.status}` });
  return JSON.parse(res.body.slice(1)).sid;
}

export const sessionPath = (path, sid) => `${path}?EIO=4&transport=polling&sid=${encodeURIComponent(sid)}`;

/**
 * A WebSocket-only session by hand (ws, from the attacker's address). Resolves once the open packet came;
 * answers pings unless told not to; `connect` sends the Socket.IO CONNECT and waits for its answer.
 */
export function openWebSocket({ url, local, path }, { answerPings = true, onMessage } = {}) {
  return new Promise((resolve, reject) => {
    const address = `ws://${url.host}${path}?EIO=4&transport=websocket`;
    const ws = new WebSocket(address, { localAddress: local, perMessageDeflate: false, maxPayload: 256 * 1024 * 1024 });
    const session = { ws, closed: false, closeCode: null, connected: null };
    const timer = setTimeout(() => { ws.terminate(); reject(Object.assign(new Error("open timeout"), { code: "WS-OPEN-TIMEOUT" })); }, 10000);
    ws.on("message", (data, isBinary) => {
      const text = isBinary ? null : data.toString();
      if (text?.[0] === "0" && !session.sid) {
        clearTimeout(timer);
        session.sid = JSON.parse(text.slice(1)).sid;
        resolve(session);
      } else if (text === "2" && answerPings) {
        ws.send("3");
      } else if (text?.startsWith("40") && session.connected) {
        session.connected();
      }
      onMessage?.(text ?? data, session);
    });
    ws.on("close", (code) => { session.closed = true; session.closeCode = code; clearTimeout(timer); reject(Object.assign(new Error(`closed ${code}`), { code: `WS-CLOSED-${code}` })); });
    ws.on("error", (error) => { session.closed = true; clearTimeout(timer); reject(error); });
  });
}

/** Sends the Socket.IO CONNECT for `nsp` ("/" by default) and waits (bounded) for its answer. */
export function socketIoConnect(session, nsp = "/") {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(Object.assign(new Error("connect timeout"), { code: "SIO-CONNECT-TIMEOUT" })), 10000);
    session.connected = () => { clearTimeout(timer); session.connected = null; resolve(session); };
    session.ws.send(nsp === "/" ? "40" : `40${nsp},`);
  });
}

/**
 * One Socket.IO session (on "/") that the attacker's loops share; when the server closes it, the next
 * caller gets a new one. Counts sessions opened and sessions the server closed.
 */
export function sharedSession(o, stats, options = {}) {
  let current = null;
  let ending = false;
  stats.sessions ??= 0;
  stats.closedByServer ??= 0;
  const get = () => {
    current ??= openWebSocket(o, options).then(socketIoConnect).then((s) => {
      stats.sessions++;
      s.ws.on("close", () => { if (!ending) stats.closedByServer++; current = null; });
      return s;
    }, (error) => { current = null; throw error; });
    return current;
  };
  get.end = async () => {
    ending = true;
    const s = await current?.catch(() => null);
    s?.ws.terminate();
  };
  return get;
}

/** Waits until the socket's outgoing buffer is below `bytes`, so an attacker never queues more than it means to. */
export async function drained(ws, bytes = 4 * 1024 * 1024) {
  while (ws.readyState === WebSocket.OPEN && ws.bufferedAmount > bytes) await sleep(5);
}

/** The attacker's verdict: one JSON line, then exit. */
export function report(name, stats) {
  console.log(JSON.stringify({ attack: name, ...stats }));
  process.exit(0);
}
