"""Drives python-socketio (Debian's python3-socketio) against the interop app, for the xunit interop tests.

Usage: python3 python_client.py <baseUrl> <polling|websocket|upgrade>
Prints one JSON line of observations; exits non-zero on failure.
"""
import json
import sys
import threading
import uuid

import socketio

base_url, mode = sys.argv[1].rstrip("/"), sys.argv[2]
TRANSPORTS = {"polling": ["polling"], "websocket": ["websocket"], "upgrade": ["polling", "websocket"]}[mode]
TIMEOUT = 10


class Recorder:
    """Collects events per (namespace, name) so the main thread can wait for them."""

    def __init__(self):
        self.events = {}
        self.cond = threading.Condition()

    def record(self, namespace, name, args):
        with self.cond:
            self.events.setdefault((namespace, name), []).append(list(args))
            self.cond.notify_all()

    def wait(self, namespace, name, count=1):
        with self.cond:
            if not self.cond.wait_for(lambda: len(self.events.get((namespace, name), [])) >= count, TIMEOUT):
                raise TimeoutError(f"no {name} on {namespace}")
            return self.events[(namespace, name)][count - 1]


def client(auth, namespaces):
    recorder = Recorder()
    sio = socketio.Client(reconnection=False)
    for namespace in namespaces:
        for name in ("auth", "news", "flush"):
            sio.on(name, (lambda ns, n: lambda *args: recorder.record(ns, n, args))(namespace, name), namespace=namespace)
        sio.on("double-it", lambda n: n * 2, namespace=namespace)
    sio.connect(base_url, socketio_path="socket.io", transports=TRANSPORTS, namespaces=namespaces, auth=auth, wait_timeout=TIMEOUT)
    return sio, recorder


def as_list(answer):
    return list(answer) if isinstance(answer, tuple) else [answer]


def jsonable(value):
    if isinstance(value, (bytes, bytearray)):
        return {"bytes": list(value)}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    return value


main, main_events = client({"token": "py"}, ["/", "/custom"])
member, member_events = client({}, ["/"])
outsider, outsider_events = client({}, ["/"])

result = {
    "ok": True,
    "transport": main.transport(),
    "mainAuth": main_events.wait("/", "auth")[0],
    "customAuth": main_events.wait("/custom", "auth")[0],
    "acked": as_list(main.call("message-with-ack", (1, "2", {"3": [True]}), namespace="/", timeout=TIMEOUT)),
    "customAcked": as_list(main.call("message-with-ack", "on custom", namespace="/custom", timeout=TIMEOUT)),
    "serverAsked": as_list(main.call("request-ack", ("double-it", 21), namespace="/", timeout=TIMEOUT)),
    "binaryEcho": jsonable(as_list(main.call("echo", (b"\x01\x02\x03", {"nested": [b"\x04\x05"]}), namespace="/", timeout=TIMEOUT))),
}

room = "room-" + uuid.uuid4().hex
main.call("join", room, namespace="/", timeout=TIMEOUT)
member.call("join", room, namespace="/", timeout=TIMEOUT)
outsider.call("join", room + "-other", namespace="/", timeout=TIMEOUT)
main.call("broadcast", (room, "news", "hi", b"\x07"), namespace="/", timeout=TIMEOUT)
result["mainNews"] = jsonable(main_events.wait("/", "news"))
result["memberNews"] = jsonable(member_events.wait("/", "news"))
# The sender's broadcasts arrive in order: once the outsider has its own, a stray one would be here too.
main.call("broadcast", (room + "-other", "flush"), namespace="/", timeout=TIMEOUT)
outsider_events.wait("/", "flush")
result["outsiderStrays"] = len(outsider_events.events.get(("/", "news"), []))

for sio in (main, member, outsider):
    sio.disconnect()
print(json.dumps(result, separators=(",", ":")))
