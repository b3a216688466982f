# Deskpilot: talks to Chromium's DevTools on the desktop (HTTP endpoints and one WebSocket call).
# Usage: python3 -c SCRIPT PORT OP [ARGS...]; prints JSON on stdout.
# Exit 3: nothing answers on the port; exit 4: any other failure (message on stderr).
import base64, json, os, socket, sys, time, urllib.error, urllib.parse, urllib.request

PORT = int(sys.argv[1])
OP = sys.argv[2]
ARGS = sys.argv[3:]
BASE = "http://127.0.0.1:%d" % PORT


def http(path, method="GET"):
    req = urllib.request.Request(BASE + path, method=method)
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.read().decode("utf-8")


class WebSocket:
    def __init__(self, url, timeout):
        u = urllib.parse.urlparse(url)
        self.sock = socket.create_connection((u.hostname, u.port or 80), timeout=timeout)
        key = base64.b64encode(os.urandom(16)).decode()
        self.sock.sendall(("GET %s HTTP/1.1\r\nHost: %s:%d\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                           "Sec-WebSocket-Key: %s\r\nSec-WebSocket-Version: 13\r\n\r\n"
                           % (u.path, u.hostname, u.port or 80, key)).encode())
        self.buf = b""
        while b"\r\n\r\n" not in self.buf:
            self._more()
        head, self.buf = self.buf.split(b"\r\n\r\n", 1)
        status = head.split(b"\r\n")[0].decode("latin-1")
        if " 101 " not in status + " ":
            raise IOError("websocket refused: " + status)
        self.next_id = 0

    def _more(self):
        chunk = self.sock.recv(65536)
        if not chunk:
            raise IOError("websocket closed by the browser")
        self.buf += chunk

    def _take(self, n):
        while len(self.buf) < n:
            self._more()
        out, self.buf = self.buf[:n], self.buf[n:]
        return out

    def send(self, text):
        data = text.encode("utf-8")
        n = len(data)
        if n < 126:
            head = bytes([0x81, 0x80 | n])
        elif n < 65536:
            head = bytes([0x81, 0x80 | 126]) + n.to_bytes(2, "big")
        else:
            head = bytes([0x81, 0x80 | 127]) + n.to_bytes(8, "big")
        mask = os.urandom(4)
        self.sock.sendall(head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(data)))

    def recv(self):
        message = b""
        while True:
            b0, b1 = self._take(2)
            n = b1 & 0x7F
            if n == 126:
                n = int.from_bytes(self._take(2), "big")
            elif n == 127:
                n = int.from_bytes(self._take(8), "big")
            mask = self._take(4) if b1 & 0x80 else None
            payload = self._take(n)
            if mask:
                payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
            opcode = b0 & 0x0F
            if opcode == 8:
                raise IOError("websocket closed by the browser")
            if opcode in (9, 10):
                continue
            message += payload
            if b0 & 0x80:
                return message.decode("utf-8")

    def call(self, method, params):
        self.next_id += 1
        self.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            reply = json.loads(self.recv())
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise IOError("%s: %s" % (method, reply["error"].get("message")))
                return reply.get("result", {})


def evaluate(ws, expression):
    r = ws.call("Runtime.evaluate", {"expression": expression, "returnByValue": True, "awaitPromise": True})
    if "exceptionDetails" in r:
        d = r["exceptionDetails"]
        raise IOError("script failed: " + str(d.get("exception", {}).get("description") or d.get("text")))
    return r.get("result", {}).get("value")


def target(target_id):
    for t in json.loads(http("/json/list")):
        if t.get("id") == target_id:
            return t
    raise IOError("no DevTools target " + target_id)


def main():
    if OP == "version":
        print(http("/json/version"))
    elif OP == "list":
        print(http("/json/list"))
    elif OP == "new":
        print(http("/json/new?" + urllib.parse.quote(ARGS[0], safe=""), method="PUT"))
    elif OP == "close":
        print(json.dumps({"answer": http("/json/close/" + ARGS[0])}))
    elif OP == "activate":
        print(json.dumps({"answer": http("/json/activate/" + ARGS[0])}))
    elif OP == "eval":
        # eval TARGET_ID EXPRESSION LOAD_WAIT_SECONDS: waits (up to LOAD_WAIT) for the page to load
        wait = float(ARGS[2])
        ws = WebSocket(target(ARGS[0])["webSocketDebuggerUrl"], max(wait, 10) + 20)
        deadline = time.time() + wait
        loaded = wait <= 0
        while not loaded and time.time() < deadline:
            loaded = evaluate(ws, "document.readyState") == "complete"
            if not loaded:
                time.sleep(0.5)
        print(json.dumps({"loaded": loaded, "value": evaluate(ws, ARGS[1])}))
    else:
        raise IOError("unknown operation " + OP)


try:
    main()
except urllib.error.URLError as e:
    if isinstance(e.reason, ConnectionRefusedError) or "refused" in str(e.reason):
        sys.stderr.write("nothing answers on 127.0.0.1:%d: %s\n" % (PORT, e.reason))
        sys.exit(3)
    sys.stderr.write("%s\n" % e)
    sys.exit(4)
except ConnectionRefusedError as e:
    sys.stderr.write("nothing answers on 127.0.0.1:%d: %s\n" % (PORT, e))
    sys.exit(3)
except Exception as e:
    sys.stderr.write("%s: %s\n" % (type(e).__name__, e))
    sys.exit(4)
