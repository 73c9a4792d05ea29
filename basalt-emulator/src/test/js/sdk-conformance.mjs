// Runs the official AWS SDK for JavaScript against a Bedrock endpoint and prints one JSON line per
// operation: what the SDK returned, or the error class it threw. Usage:
//   node sdk-conformance.mjs ENDPOINT h1|h2 KEY_ID SECRET
import {
  BedrockRuntimeClient,
  ConverseCommand,
  ConverseStreamCommand,
  InvokeModelCommand,
  InvokeModelWithResponseStreamCommand,
} from "@aws-sdk/client-bedrock-runtime";
import { NodeHttpHandler, NodeHttp2Handler } from "@smithy/node-http-handler";

const [endpoint, protocol, accessKeyId, secretAccessKey] = process.argv.slice(2);
const client = new BedrockRuntimeClient({
  region: "us-east-1",
  endpoint,
  credentials: { accessKeyId, secretAccessKey },
  requestHandler: protocol === "h2" ? new NodeHttp2Handler() : new NodeHttpHandler(),
  maxAttempts: 1,
});
const modelId = "anthropic.claude-3-haiku-20240307-v1:0";
const user = (text) => [{ role: "user", content: [{ text }] }];

async function run(op, fn) {
  try {
    console.log(JSON.stringify({ op, ok: true, ...(await fn()) }));
  } catch (e) {
    console.log(JSON.stringify({ op, ok: false, error: e.name, status: e.$metadata?.httpStatusCode, message: e.message }));
  }
}

await run("Converse", async () => {
  const r = await client.send(new ConverseCommand({ modelId, messages: user("hello from js") }));
  return { text: r.output.message.content[0].text, stopReason: r.stopReason, usage: r.usage };
});

await run("ConverseStream", async () => {
  const r = await client.send(new ConverseStreamCommand({ modelId, messages: user("streamed from js") }));
  let text = "";
  let deltas = 0;
  let stopReason;
  let usage;
  for await (const event of r.stream) {
    if (event.contentBlockDelta) {
      text += event.contentBlockDelta.delta.text ?? "";
      deltas++;
    }
    if (event.messageStop) stopReason = event.messageStop.stopReason;
    if (event.metadata) usage = event.metadata.usage;
  }
  return { text, deltas, stopReason, usage };
});

await run("ConverseInvalid", async () => {
  await client.send(new ConverseCommand({ modelId, messages: [{ role: "assistant", content: [{ text: "x" }] }] }));
  return {};
});
const anthropicBody = (text) =>
  JSON.stringify({ anthropic_version: "bedrock-2023-05-31", max_tokens: 256, messages: [{ role: "user", content: text }] });

await run("InvokeModel", async () => {
  const r = await client.send(new InvokeModelCommand({ modelId, contentType: "application/json", body: anthropicBody("invoked from js") }));
  const body = JSON.parse(new TextDecoder().decode(r.body));
  return { text: body.content[0].text, stopReason: body.stop_reason, usage: body.usage, type: body.type };
});

await run("InvokeModelWithResponseStream", async () => {
  const r = await client.send(new InvokeModelWithResponseStreamCommand({ modelId, contentType: "application/json",
    body: anthropicBody("invoke streamed from js") }));
  let text = "";
  const types = [];
  let metrics;
  for await (const event of r.body) {
    const chunk = JSON.parse(new TextDecoder().decode(event.chunk.bytes));
    types.push(chunk.type);
    if (chunk.type === "content_block_delta") text += chunk.delta.text;
    if (chunk["amazon-bedrock-invocationMetrics"]) metrics = chunk["amazon-bedrock-invocationMetrics"];
  }
  return { text, types, metrics };
});

await run("InvokeInvalid", async () => {
  await client.send(new InvokeModelCommand({ modelId, contentType: "application/json",
    body: JSON.stringify({ anthropic_version: "bedrock-2023-05-31", messages: [] }) }));
  return {};
});

// The test injects faults for these two models before running this script.
await run("ConverseThrottled", async () => {
  await client.send(new ConverseCommand({ modelId: "anthropic.claude-3-5-haiku-20241022-v1:0", messages: user("hi") }));
  return {};
});

await run("ConverseStreamBroken", async () => {
  const r = await client.send(new ConverseStreamCommand({ modelId: "amazon.nova-lite-v1:0", messages: user("one two three four") }));
  let text = "";
  for await (const event of r.stream) {
    if (event.contentBlockDelta) text += event.contentBlockDelta.delta.text ?? "";
  }
  return { text };
});
client.destroy();

// Bedrock API keys the emulator was not given: one shaped like a long-term key, one not shaped like any.
for (const [op, token] of [["WrongApiKey", "ABSKbm90LXRoZS1rZXk="], ["MalformedApiKey", "not-a-bedrock-key"]]) {
  const keyed = new BedrockRuntimeClient({
    region: "us-east-1",
    endpoint,
    token: { token },
    authSchemePreference: ["httpBearerAuth"],
    requestHandler: protocol === "h2" ? new NodeHttp2Handler() : new NodeHttpHandler(),
    maxAttempts: 1,
  });
  await run(op, async () => {
    await keyed.send(new ConverseCommand({ modelId, messages: user("hi") }));
    return {};
  });
  keyed.destroy();
}
