// A hand-written MCP server on stdio for McpClientTest, driven by its first argument:
//   old     answers initialize with 2025-03-26, sends a notification and a ping of its own before
//           answering tools/list, and answers tools/call only after the client answered the ping
//   future  answers initialize with a version no client speaks
//   silent  never answers
//   crash   writes to stderr and exits with code 3 on the first tools/call
const mode = process.argv[2];
let buf = "";
let pingAnswered = false;
const send = (m) => process.stdout.write(JSON.stringify(m) + "\n");
process.stdin.on("data", (chunk) => {
  buf += chunk;
  let i;
  while ((i = buf.indexOf("\n")) >= 0) {
    const line = buf.slice(0, i);
    buf = buf.slice(i + 1);
    if (!line.trim()) continue;
    const m = JSON.parse(line);
    if (mode === "silent") continue;
    if (m.id === "srv-ping") { pingAnswered = m.result !== undefined; continue; }
    if (m.method === "initialize") {
      const v = mode === "future" ? "2099-01-01" : "2025-03-26";
      send({ jsonrpc: "2.0", id: m.id, result: { protocolVersion: v, capabilities: { tools: {} }, serverInfo: { name: "tiny", version: "1" } } });
    } else if (m.method === "tools/list") {
      send({ jsonrpc: "2.0", method: "notifications/message", params: { level: "info", data: "hello" } });
      send({ jsonrpc: "2.0", id: "srv-ping", method: "ping" });
      send({ jsonrpc: "2.0", id: m.id, result: { tools: [{ name: "hello.world", description: "says hi", inputSchema: { type: "object" } }] } });
    } else if (m.method === "tools/call") {
      if (mode === "crash") { process.stderr.write("tiny: fatal error\n"); process.exit(3); }
      send({ jsonrpc: "2.0", id: m.id, result: { content: [{ type: "text", text: "hi " + m.params.arguments.who + " ping=" + pingAnswered }] } });
    }
  }
});
