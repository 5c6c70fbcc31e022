// Drives Dispatch's MCP server with the official TypeScript SDK client (@modelcontextprotocol/sdk), as
// two agents at once: over stdio (each agent's own `dispatch mcp serve` process) or over Streamable
// HTTP (the daemon's /mcp with each agent's bearer token). Run by McpClientsTest; NODE_PATH points at
// the npm cache .ci/run fills. Input: one JSON argument (see McpClientsTest). Output: one line
// "OK {...summary}" on success; any failure exits 1 with the reason on stderr.
import { spawnSync } from 'node:child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const cfg = JSON.parse(process.argv[2]);
const EXPECTED_TOOLS = [
  'agent_register', 'agent_status', 'agent_heartbeat', 'agent_list', 'task_add', 'task_next',
  'task_heartbeat', 'task_complete', 'task_fail', 'task_list', 'lock_acquire', 'lock_release',
  'msg_send', 'msg_inbox', 'msg_ack', 'kb_write', 'kb_read', 'kb_search', 'approval_request',
  'approval_wait', 'approval_list',
];

function fail(msg) {
  throw new Error(msg);
}

async function connect(agent) {
  const client = new Client({ name: `dispatch-test-${agent.name}`, version: '1.0.0' });
  let transport;
  if (cfg.mode === 'stdio') {
    transport = new StdioClientTransport({
      command: cfg.command[0],
      args: [...cfg.command.slice(1), 'mcp', 'serve'],
      env: { ...cfg.env, DISPATCH_AGENT_TOKEN: agent.token },
      stderr: 'inherit',
    });
  } else {
    transport = new StreamableHTTPClientTransport(new URL(cfg.url), {
      requestInit: { headers: { Authorization: `Bearer ${agent.token}` } },
    });
  }
  await client.connect(transport);
  return { client, transport, name: agent.name };
}

async function call(c, name, args) {
  const r = await c.client.callTool({ name, arguments: args });
  const text = r.content?.[0]?.text ?? '';
  if (r.isError) return { error: text };
  if (!r.structuredContent) fail(`${name}: no structuredContent in ${JSON.stringify(r)}`);
  if (JSON.stringify(JSON.parse(text)) !== JSON.stringify(r.structuredContent))
    fail(`${name}: text and structuredContent differ`);
  return r.structuredContent;
}

async function must(c, name, args) {
  const r = await call(c, name, args);
  if (r.error) fail(`${c.name} ${name} ${JSON.stringify(args)} failed: ${r.error}`);
  return r;
}

async function claimAll(c) {
  const mine = [];
  for (;;) {
    const r = await call(c, 'task_next', {});
    if (r.error) {
      if (!r.error.includes('nothing_to_do')) fail(`${c.name} task_next: ${r.error}`);
      return mine;
    }
    mine.push(r.task.id);
    await must(c, 'task_complete', { id: r.task.id, lease: r.lease, result: `done by ${c.name}` });
  }
}

const a = await connect(cfg.agents[0]);
const b = await connect(cfg.agents[1]);
const summary = { mode: cfg.mode };
try {
  summary.protocolVersion = a.transport.protocolVersion ?? null;
  const server = a.client.getServerVersion();
  if (server?.name !== 'dispatch') fail(`server name ${JSON.stringify(server)}`);

  // tools: every coordination command, each with a schema
  const tools = (await a.client.listTools()).tools;
  const names = tools.map((t) => t.name);
  for (const n of EXPECTED_TOOLS) if (!names.includes(n)) fail(`tool ${n} missing from ${names}`);
  for (const t of tools) if (t.inputSchema?.type !== 'object' || !t.description) fail(`tool ${t.name} lacks a schema or description`);
  summary.tools = names.length;

  // two agents claim from one queue at once: every task exactly once
  const ids = [];
  for (let i = 0; i < cfg.tasks; i++) ids.push((await must(a, 'task_add', { title: `job ${i}`, queue: 'q' })).task.id);
  const [mineA, mineB] = await Promise.all([claimAll(a), claimAll(b)]);
  const claimed = [...mineA, ...mineB];
  if (new Set(claimed).size !== claimed.length) fail(`a task was claimed twice: ${claimed}`);
  if (claimed.length !== ids.length || !ids.every((id) => claimed.includes(id)))
    fail(`claimed ${claimed.length} of ${ids.length}: ${claimed}`);
  summary.claims = { [a.name]: mineA.length, [b.name]: mineB.length };

  // acting as the other agent is refused and changes nothing
  const spoof = await call(a, 'task_next', { agent: b.name });
  if (!spoof.error || !spoof.error.includes(`may not act as '${b.name}'`)) fail(`spoofed claim: ${JSON.stringify(spoof)}`);

  // locks: the second agent sees the first one's lock as a conflict, then gets it after release
  const la = await must(a, 'lock_acquire', { patterns: ['src/**'], ttl: 60 });
  if (la.granted.length !== 1) fail(`lock not granted: ${JSON.stringify(la)}`);
  const lb = await must(b, 'lock_acquire', { patterns: ['src/main.c'] });
  if (lb.granted.length !== 0 || lb.conflicts[0]?.holder !== a.name) fail(`no conflict: ${JSON.stringify(lb)}`);
  await must(a, 'lock_release', { lock_id: la.lock.id, token: la.lock.token });
  const lb2 = await must(b, 'lock_acquire', { patterns: ['src/main.c'] });
  if (lb2.granted.length !== 1) fail(`lock not granted after release: ${JSON.stringify(lb2)}`);
  summary.lock = 'ok';

  // messages: send, read, acknowledge
  const sent = await must(a, 'msg_send', { to: b.name, text: 'please review', ack_required: true });
  const inbox = await must(b, 'msg_inbox', { unread: true });
  const got = inbox.messages.find((m) => m.message.id === sent.message.id);
  if (!got || got.message.text !== 'please review' || got.message.from !== a.name) fail(`inbox: ${JSON.stringify(inbox)}`);
  const ack = await must(b, 'msg_ack', { id: sent.message.id });
  if (ack.alreadyAcked) fail(`ack: ${JSON.stringify(ack)}`);
  summary.message = 'ok';

  // approvals: ask, wait while the operator decides from the CLI, get the decision
  const apr = await must(a, 'approval_request', { question: 'deploy?', option: ['ship', 'hold'] });
  const waiting = must(a, 'approval_wait', { id: apr.id, timeout: 40 });
  await new Promise((r) => setTimeout(r, 300));
  const decide = spawnSync(cfg.command[0], [...cfg.command.slice(1), 'approval', 'decide', apr.id, 'ship', '--space', cfg.space], {
    env: { ...process.env, ...cfg.env }, encoding: 'utf8',
  });
  if (decide.status !== 0) fail(`approval decide exited ${decide.status}: ${decide.stderr}`);
  const decided = await waiting;
  if (decided.state !== 'decided' || decided.decision !== 'ship') fail(`approval: ${JSON.stringify(decided)}`);
  summary.approval = 'ok';

  // knowledge round trip
  await must(a, 'kb_write', { topic: 'notes/mcp', text: 'written over mcp' });
  const kb = await must(b, 'kb_read', { topic: 'notes/mcp' });
  if (kb.text !== 'written over mcp' || kb.agent !== a.name) fail(`kb: ${JSON.stringify(kb)}`);
  summary.knowledge = 'ok';

  // the same topic and a task as MCP resources, read when asked for
  const templates = (await b.client.listResourceTemplates()).resourceTemplates.map((t) => t.uriTemplate);
  if (!templates.includes('dispatch://{space}/tasks/{id}')) fail(`templates: ${templates}`);
  const listed = (await b.client.listResources()).resources.map((r) => r.uri);
  const topicUri = `dispatch://${cfg.space}/knowledge/notes/mcp`;
  if (!listed.includes(topicUri)) fail(`resources: ${listed}`);
  const topic = JSON.parse((await b.client.readResource({ uri: topicUri })).contents[0].text);
  if (topic.text !== 'written over mcp') fail(`resource: ${JSON.stringify(topic)}`);
  const task = JSON.parse((await a.client.readResource({ uri: `dispatch://${cfg.space}/tasks/${ids[0]}` })).contents[0].text);
  if (task.task.status !== 'done' || !task.history.some((h) => h.kind === 'claimed')) fail(`task resource: ${JSON.stringify(task)}`);
  summary.resources = 'ok';

  if (cfg.mode === 'http') {
    await a.transport.terminateSession();
    summary.terminated = a.transport.sessionId === undefined;
  }
  console.log('OK ' + JSON.stringify(summary));
} finally {
  await a.client.close();
  await b.client.close();
}
