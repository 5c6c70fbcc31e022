#!/usr/bin/env python3
"""A scripted Anthropic Messages API for the real-Claude-Code fleet test (ClaudeCodeAgentTest): no key,
no network. A conversation that offers the Write tool plays, one step per tool result so far:
  0. Write DIR/locked.txt   (another agent holds a lock on it: Dispatch's PreToolUse hook must deny)
  1. mcp__dispatch__lock_acquire {patterns: [free.txt]}   (Dispatch's MCP tools, acting as this agent)
  2. Write DIR/free.txt
  3. a one-line answer; what the client says next (a Stop hook's messages) is logged as {"user": …}.
Requests without tools (titles, quotas) get a short text. Every tool result the client sends back is
appended to LOG as one JSON line. Python's standard library only. Usage: claude-model.py PORT LOG DIR"""
import json, sys, http.server, socketserver

PORT, LOG, DIR = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def sse(events):
    return b"".join(("event: %s\ndata: %s\n\n" % (n, json.dumps(d))).encode() for n, d in events)


def results(msgs):
    out = []
    for m in msgs:
        c = m.get("content")
        if isinstance(c, list):
            out += [b for b in c if isinstance(b, dict) and b.get("type") == "tool_result"]
    return out


def text_of(block):
    c = block.get("content")
    if isinstance(c, list):
        return "".join(x.get("text", "") for x in c if isinstance(x, dict))
    return str(c)


LOGGED = set()


def spoken(content):
    """What a person (or a Stop hook) said in a user message: its text blocks, without the block Claude Code
    adds by itself when an MCP server connects late ("# MCP Server Instructions")."""
    if isinstance(content, str):
        content = [{"type": "text", "text": content}]
    texts = [b.get("text", "") for b in content if isinstance(b, dict) and b.get("type") == "text"]
    return "".join(t for t in texts if "# MCP Server Instructions" not in t)


def step(body):
    names = {t.get("name") for t in body.get("tools", [])}
    if "Write" not in names:
        return None, None
    msgs = body.get("messages", [])
    done = results(msgs)
    last = msgs[-1].get("content") if msgs else ""
    said = spoken(last)
    if len(done) >= 3 and said:
        if said not in LOGGED:
            LOGGED.add(said)
            with open(LOG, "a") as f:
                f.write(json.dumps({"step": len(done), "user": said}) + "\n")
        return None, None
    with open(LOG, "a") as f:
        for b in done[-1:]:
            if b.get("tool_use_id") in LOGGED:
                continue  # the same result sent again (a retry): logged once
            LOGGED.add(b.get("tool_use_id"))
            f.write(json.dumps({"step": len(done), "is_error": bool(b.get("is_error")), "text": text_of(b),
                                "tools": sorted(n for n in names if n.startswith("mcp__"))}) + "\n")
    n = len(done)
    if n == 0:
        return "Write", {"file_path": DIR + "/locked.txt", "content": "claude was here\n"}
    if n == 1 and "mcp__dispatch__lock_acquire" in names:
        return "mcp__dispatch__lock_acquire", {"patterns": ["free.txt"], "ttl": 600}
    if n <= 2:
        return "Write", {"file_path": DIR + "/free.txt", "content": "free\n"}
    return None, None


def anthropic(body):
    name, args = step(body)
    usage = {"input_tokens": 20, "output_tokens": 1}
    start = {"type": "message_start", "message": {"id": "msg_c", "type": "message", "role": "assistant",
             "model": body.get("model", "m"), "content": [], "stop_reason": None, "usage": usage}}
    if name:
        tid = "toolu_%d" % len(results(body.get("messages", [])))
        blocks = [("content_block_start", {"type": "content_block_start", "index": 0, "content_block":
                   {"type": "tool_use", "id": tid, "name": name, "input": {}}}),
                  ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta":
                   {"type": "input_json_delta", "partial_json": json.dumps(args)}})]
        stop, content = "tool_use", [{"type": "tool_use", "id": tid, "name": name, "input": args}]
    else:
        blocks = [("content_block_start", {"type": "content_block_start", "index": 0, "content_block":
                   {"type": "text", "text": ""}}),
                  ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta":
                   {"type": "text_delta", "text": "Done."}})]
        stop, content = "end_turn", [{"type": "text", "text": "Done."}]
    if not body.get("stream"):
        return "application/json", json.dumps({"id": "msg_c", "type": "message", "role": "assistant",
            "model": body.get("model", "m"), "content": content, "stop_reason": stop,
            "usage": {"input_tokens": 20, "output_tokens": 5}}).encode()
    events = [("message_start", start)] + blocks + [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop}, "usage": {"output_tokens": 5}}),
        ("message_stop", {"type": "message_stop"})]
    return "text/event-stream", sse(events)


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

    def do_HEAD(self):
        self.reply(200, "application/json", b"")

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
        if "count_tokens" in self.path:
            return self.reply(200, "application/json", b'{"input_tokens":20}')
        if "/messages" in self.path:
            return self.reply(200, *anthropic(body))
        self.reply(404, "application/json", b'{"error":{"type":"not_found","message":"no such route"}}')


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", PORT), Handler).serve_forever()
