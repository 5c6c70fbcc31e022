#!/usr/bin/env python3
"""A scripted OpenAI Responses API for the real-Codex fleet test (CodexAgentTest): no key, no network.
A conversation that offers Dispatch's MCP tools (the mcp__dispatch namespace) plays, by the tool
results it carries since its last user message:
  0. mcp__dispatch.lock_acquire {patterns: [free.txt]}   (Dispatch's MCP tools, acting as this agent)
  1. exec_command: write free.txt
  2. a one-line answer naming the user's last message.
A prompt containing SLOW waits 4 s before its first step (a turn still running when the next prompt comes).
So every prompt (the first one, and each one `codex exec resume` adds) is one such turn. Each request
is appended to LOG as one JSON line: the user's last text, how many user messages the conversation
holds (a resumed thread carries the earlier ones), the mcp namespace's tools, and the last tool output.
Requests without those tools get a short text. Python's standard library only.
Usage: codex-model.py PORT LOG"""
import json, sys, time, http.server, socketserver

PORT, LOG = int(sys.argv[1]), sys.argv[2]


def sse(events):
    return b"".join(("event: %s\ndata: %s\n\n" % (n, json.dumps(d))).encode() for n, d in events)


def text_of(item):
    c = item.get("content")
    if isinstance(c, list):
        return "".join(x.get("text", "") for x in c if isinstance(x, dict))
    return str(c or "")


def respond(body):
    items = [i for i in body.get("input", []) if isinstance(i, dict)]
    users = [i for i in items if i.get("type") == "message" and i.get("role") == "user"
             and not text_of(i).lstrip().startswith("<")]
    last_user = max((n for n, i in enumerate(items) if i in users), default=-1)
    outputs = [i for i in items[last_user + 1:] if i.get("type") in ("function_call_output", "custom_tool_call_output")]
    mcp = [t for t in body.get("tools", []) if t.get("type") == "namespace" and t.get("name") == "mcp__dispatch"]
    names = sorted(x.get("name") for t in mcp for x in t.get("tools", []))
    said = text_of(users[-1]) if users else ""
    with open(LOG, "a") as f:
        f.write(json.dumps({"step": len(outputs), "user": said, "users": len(users), "tools": names,
                            "output": str((outputs[-1].get("output") if outputs else "") or "")}) + "\n")
    n = len(outputs)
    if "SLOW" in said and n == 0:
        time.sleep(4)  # a turn that is still running when the next prompt arrives
    if names and n == 0:
        return {"type": "function_call", "id": "fc_1", "call_id": "call_lock_%d" % len(users),
                "namespace": "mcp__dispatch", "name": "lock_acquire",
                "arguments": json.dumps({"patterns": ["free.txt"], "ttl": 600}), "status": "completed"}
    if names and n == 1:
        return {"type": "function_call", "id": "fc_2", "call_id": "call_write_%d" % len(users),
                "name": "exec_command", "arguments": json.dumps({"cmd": "printf 'free\\n' > free.txt"}),
                "status": "completed"}
    return {"type": "message", "id": "msg_1", "role": "assistant", "status": "completed",
            "content": [{"type": "output_text", "text": "Done: " + said[:60], "annotations": []}]}


def responses(body):
    item = respond(body)
    resp = {"id": "resp_1", "object": "response", "status": "in_progress", "output": []}
    events = [("response.created", {"type": "response.created", "response": resp})]
    if item["type"] == "message":
        events.append(("response.output_item.added", {"type": "response.output_item.added", "output_index": 0,
                                                        "item": dict(item, status="in_progress", content=[])}))
        events.append(("response.output_text.delta", {"type": "response.output_text.delta", "item_id": item["id"],
                                                        "output_index": 0, "content_index": 0,
                                                        "delta": item["content"][0]["text"]}))
    events.append(("response.output_item.done", {"type": "response.output_item.done", "output_index": 0, "item": item}))
    done = dict(resp, status="completed", output=[item],
                usage={"input_tokens": 20, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 5,
                       "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 25})
    events.append(("response.completed", {"type": "response.completed", "response": done}))
    return sse(events)


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def reply(self, status, ctype, data):
        self.send_response(status)
        self.send_header("content-type", ctype)
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        self.reply(200, "application/json", b'{"data":[],"models":[]}')

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
        if self.path.rstrip("/").endswith("/responses"):
            return self.reply(200, "text/event-stream", responses(body))
        self.reply(404, "application/json", b'{"error":{"type":"not_found","message":"no such route"}}')


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", PORT), Handler).serve_forever()
