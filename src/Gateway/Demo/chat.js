// The demo chat: the official socket.io-client talking to the OrleansEio chat endpoint.
const socket = io({ path: "/chat/socket.io" });
const log = document.getElementById("log");
const joinForm = document.getElementById("join");
const sayForm = document.getElementById("say");

function append(text, kind) {
  const item = document.createElement("li");
  item.textContent = text;
  if (kind) item.className = kind;
  log.appendChild(item);
  log.scrollTop = log.scrollHeight;
}

socket.on("connect", () => {
  document.getElementById("transport").textContent = socket.io.engine.transport.name;
  socket.io.engine.on("upgrade", (t) => (document.getElementById("transport").textContent = t.name));
});
socket.on("chat", (m) => append(`${m.nick}: ${m.text}`));
socket.on("system", (text) => append(text, "system"));

joinForm.addEventListener("submit", async (event) => {
  event.preventDefault();
  const { nick, room } = Object.fromEntries(new FormData(joinForm));
  const joined = await socket.emitWithAck("join", { nick, room });
  if (joined.error) return append(joined.error, "system");
  append(`you joined #${room} as ${nick}`, "system");
  for (const input of sayForm.elements) input.disabled = false;
  document.body.dataset.joined = room;
});

sayForm.addEventListener("submit", (event) => {
  event.preventDefault();
  const text = sayForm.elements.text.value.trim();
  if (text) socket.emit("say", text);
  sayForm.elements.text.value = "";
});
