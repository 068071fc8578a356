// The peer for the benchmarks: Node socket.io 4.8 with the interop app's contract (shared/DESIGN.md) on
// namespaces / and /custom: auth, message, message-with-ack, echo, join, broadcast.
// Usage: PORT=3100 node node-server.mjs
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.env.PORT ?? 3100);
const httpServer = createServer();
const io = new Server(httpServer, { path: "/socket.io/", cors: { origin: "*" } });

function onConnection(socket) {
  socket.emit("auth", socket.handshake.auth);
  socket.on("message", (...args) => socket.emit("message-back", ...args));
  socket.on("message-with-ack", (...args) => { const ack = args.pop(); ack(...args); });
  socket.on("echo", (...args) => {
    if (typeof args[args.length - 1] === "function") { const ack = args.pop(); ack(...args); } else socket.emit("echo", ...args);
  });
  socket.on("join", (room, ack) => { socket.join(room); ack?.(true); });
  socket.on("broadcast", (room, event, ...rest) => {
    const ack = typeof rest[rest.length - 1] === "function" ? rest.pop() : null;
    socket.nsp.to(room).emit(event, ...rest);
    ack?.(true);
  });
}

io.of("/").on("connection", onConnection);
io.of("/custom").on("connection", onConnection);
httpServer.listen(port, "127.0.0.1", () => console.log(`listening on ${port}`));
