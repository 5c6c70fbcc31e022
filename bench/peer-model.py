#!/usr/bin/env python3
"""The scripted model for bench/headless-peers.sh: one loopback server that speaks Anthropic's
streamed Messages API (Claude Code, Dispatch) and OpenAI's streamed Responses API (Codex), and plays
the same 2-turn task for each: the first request of a conversation gets one tool call that creates
hello.txt (with whichever write or shell tool the client offers), the request carrying its result
gets a one-line answer. Python's standard library only. Usage: peer-model.py PORT PROJECT_DIR"""
import json, sys, http.server, socketserver

PORT, PROJECT = int(sys.argv[1]), sys.argv[2]
LOG = open(sys.argv[3], "a") if len(sys.argv) > 3 else None


def sse(events):
    return b"".join(("event: %s\ndata: %s\n\n" % (n, json.dumps(d))).encode() for n, d in events)


def anthropic_tool(tools):
    names = {t.get("name") for t in tools}
    if "write_file" in names:
        return "write_file", {"path": "hello.txt", "content": "hi\n"}
    if "Write" in names:
        return "Write", {"file_path": PROJECT + "/hello.txt", "content": "hi\n"}
    if "Bash" in names:
        return "Bash", {"command": "printf 'hi\\n' > hello.txt"}
    return None, None


def anthropic(body):
    msgs = body.get("messages", [])
    last = msgs[-1].get("content") if msgs else ""
    answered = isinstance(last, list) and any(b.get("type") == "tool_result" for b in last if isinstance(b, dict))
    name, args = (None, None) if answered else anthropic_tool(body.get("tools", []))
    usage = {"input_tokens": 20, "output_tokens": 1}
    start = {"type": "message_start", "message": {"id": "msg_b", "type": "message", "role": "assistant",
             "model": body.get("model", "m"), "content": [], "stop_reason": None, "usage": usage}}
    if name:
        blocks = [("content_block_start", {"type": "content_block_start", "index": 0, "content_block":
                   {"type": "tool_use", "id": "toolu_b1", "name": name, "input": {}}}),
                  ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta":
                   {"type": "input_json_delta", "partial_json": json.dumps(args)}})]
        stop, content = "tool_use", [{"type": "tool_use", "id": "toolu_b1", "name": name, "input": args}]
    else:
        blocks = [("content_block_start", {"type": "content_block_start", "index": 0, "content_block":
                   {"type": "text", "text": ""}}),
                  ("content_block_delta", {"type": "content_block_delta", "index": 0, "delta":
                   {"type": "text_delta", "text": "Created hello.txt."}})]
        stop, content = "end_turn", [{"type": "text", "text": "Created hello.txt."}]
    if not body.get("stream"):
        return "application/json", json.dumps({"id": "msg_b", "type": "message", "role": "assistant",
            "model": body.get("model", "m"), "content": content, "stop_reason": stop,
            "usage": {"input_tokens": 20, "output_tokens": 5}}).encode()
    events = [("message_start", start)] + blocks + [
        ("content_block_stop", {"type": "content_block_stop", "index": 0}),
        ("message_delta", {"type": "message_delta", "delta": {"stop_reason": stop}, "usage": {"output_tokens": 5}}),
        ("message_stop", {"type": "message_stop"})]
    return "text/event-stream", sse(events)


def responses(body):
    items = body.get("input", [])
    answered = any(isinstance(i, dict) and i.get("type") in ("function_call_output", "custom_tool_call_output")
                   for i in items)
    names = {t.get("name") or t.get("type") for t in body.get("tools", [])}
    resp = {"id": "resp_b", "object": "response", "status": "in_progress", "output": []}
    events = [("response.created", {"type": "response.created", "response": resp})]
    if not answered and ("shell" in names or "exec_command" in names or "shell_command" in names):
        if "shell_command" in names:
            name, args = "shell_command", {"command": "printf 'hi\\n' > hello.txt"}
        elif "exec_command" in names:
            name, args = "exec_command", {"cmd": "printf 'hi\\n' > hello.txt"}
        else:
            name, args = "shell", {"command": ["bash", "-lc", "printf 'hi\\n' > hello.txt"]}
        item = {"type": "function_call", "id": "fc_b1", "call_id": "call_b1", "name": name,
                "arguments": json.dumps(args), "status": "completed"}
    else:
        item = {"type": "message", "id": "msg_b1", "role": "assistant", "status": "completed",
                "content": [{"type": "output_text", "text": "Created hello.txt.", "annotations": []}]}
        events.append(("response.output_item.added", {"type": "response.output_item.added", "output_index": 0,
                                                        "item": dict(item, status="in_progress", content=[])}))
        events.append(("response.output_text.delta", {"type": "response.output_text.delta", "item_id": "msg_b1",
                                                        "output_index": 0, "content_index": 0,
                                                        "delta": "Created hello.txt."}))
    events.append(("response.output_item.done", {"type": "response.output_item.done", "output_index": 0, "item": item}))
    done = dict(resp, status="completed", output=[item],
                usage={"input_tokens": 20, "input_tokens_details": {"cached_tokens": 0}, "output_tokens": 5,
                       "output_tokens_details": {"reasoning_tokens": 0}, "total_tokens": 25})
    events.append(("response.completed", {"type": "response.completed", "response": done}))
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
        if LOG: LOG.write("GET %s\n" % self.path); LOG.flush()
        self.reply(200, "application/json", b'{"data":[],"models":[]}')

    def do_HEAD(self):
        self.reply(200, "application/json", b"")

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))) or b"{}")
        if LOG: LOG.write("POST %s tools=%s\n" % (self.path, [t.get("name") or t.get("type") for t in body.get("tools", [])])); LOG.flush()
        if "count_tokens" in self.path:
            return self.reply(200, "application/json", b'{"input_tokens":20}')
        if self.path.rstrip("/").endswith("/responses"):
            return self.reply(200, *responses(body))
        if "/messages" in self.path:
            return self.reply(200, *anthropic(body))
        self.reply(404, "application/json", b'{"error":{"type":"not_found","message":"no such route"}}')


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


Server(("127.0.0.1", PORT), Handler).serve_forever()
