package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.RecordedCall;
import dev.basalt.emulator.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent at work in a real pseudo-terminal: the built jar against the emulator playing a
 * scripted model that reads a file, edits it, runs a command and answers, with the person at the
 * keyboard giving or refusing consent. Asserts what the screen showed and what is on disk.
 */
class AgentSessionIT {

    private static final String KEY_ID = "AKIDAGENT";
    private static final String SECRET = "agent-session-secret";

    @TempDir
    Path home;

    @TempDir
    Path work;

    private Emulator emulator(String script) throws Exception {
        Path file = home.resolve("script.json");
        Files.writeString(file, script);
        return Emulator.builder().credentials(KEY_ID, SECRET).model(ScriptedModel.fromFile(file)).start();
    }

    private Map<String, String> env() {
        return Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                "BASALT_HOME", home.resolve("data").toString(), "NO_COLOR", "1");
    }

    @Test
    void readsEditsWithConsentRunsACommandAndAnswers() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        Files.writeString(work.resolve("notes.txt"), "status: draft\nowner: ana\n");
        String script = """
                {"turns": [
                  {"reply": [{"text": "Let me read the notes."},
                             {"toolUse": {"name": "read_file", "input": {"path": "notes.txt"}}}]},
                  {"reply": [{"toolUse": {"name": "edit_file",
                              "input": {"path": "notes.txt", "old_string": "draft", "new_string": "final"}}}]},
                  {"reply": [{"toolUse": {"name": "bash", "input": {"command": "grep -c final notes.txt"}}}]},
                  {"reply": [{"text": "Done: notes.txt now says final."}]}
                ]}""";
        try (Emulator emulator = emulator(script);
             PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url",
                     emulator.endpoint().toString(), "mark my notes as final")) {
            int at = tty.await("Let me read the notes.", 0, Duration.ofSeconds(30));

            at = tty.await("edit_file wants to", at, Duration.ofSeconds(30));
            at = tty.await("-status: draft", at, Duration.ofSeconds(5));
            at = tty.await("+status: final", at, Duration.ofSeconds(5));
            at = tty.await("Allow? [y] yes once", at, Duration.ofSeconds(5));
            tty.type("y\r");

            at = tty.await("bash wants to", at, Duration.ofSeconds(30));
            at = tty.await("grep -c final notes.txt", at, Duration.ofSeconds(5));
            at = tty.await("Allow?", at, Duration.ofSeconds(5));
            tty.type("y\r");

            tty.await("Done: notes.txt now says final.", at, Duration.ofSeconds(30));
            assertThat(tty.waitForExit(Duration.ofSeconds(20))).as(tty.screen()).isTrue();
            assertThat(tty.exitCode()).as(tty.screen()).isZero();
            // the diff came with the question; the edit does not show it again
            assertThat(tty.screen()).containsOnlyOnce("+status: final");

            assertThat(Files.readString(work.resolve("notes.txt"))).isEqualTo("status: final\nowner: ana\n");
            List<RecordedCall> calls = emulator.recordedCalls();
            assertThat(calls).hasSize(4);
            // what each tool gave back reached the model
            assertThat(calls.get(1).requestBody()).contains("status: draft");
            assertThat(calls.get(3).requestBody()).contains("\"text\":\"1");
        }
    }

    @Test
    void refusedConsentLeavesTheFileAloneAndTellsTheModelWhy() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        Files.writeString(work.resolve("notes.txt"), "status: draft\n");
        String script = """
                {"turns": [
                  {"reply": [{"toolUse": {"name": "write_file", "input": {"path": "notes.txt", "content": "gone"}}}]},
                  {"reply": [{"text": "Understood, I left it."}]}
                ]}""";
        try (Emulator emulator = emulator(script);
             PseudoTerminal tty = new PseudoTerminal(home, env(), work, "chat", "--endpoint-url",
                     emulator.endpoint().toString(), "overwrite my notes")) {
            int at = tty.await("write_file wants to", 0, Duration.ofSeconds(30));
            at = tty.await("Allow?", at, Duration.ofSeconds(5));
            tty.type("n\r");
            at = tty.await("Why not?", at, Duration.ofSeconds(5));
            tty.type("keep the draft\r");

            tty.await("Understood, I left it.", at, Duration.ofSeconds(30));
            assertThat(tty.waitForExit(Duration.ofSeconds(20))).isTrue();

            assertThat(Files.readString(work.resolve("notes.txt"))).isEqualTo("status: draft\n");
            String second = emulator.recordedCalls().get(1).requestBody();
            assertThat(second).contains("\"status\":\"error\"").contains("keep the draft");
        }
    }

    @Test
    void aFailingToolGoesBackToTheModelAsAnErrorResult() throws Exception {
        Files.writeString(work.resolve("notes.txt"), "a\na\n");
        String script = """
                {"turns": [
                  {"reply": [{"toolUse": {"name": "read_file", "input": {"path": "missing.txt"}}}]},
                  {"reply": [{"text": "That file does not exist."}]}
                ]}""";
        try (Emulator emulator = emulator(script)) {
            BasaltProcess.Result result = new BasaltProcess(home).env("AWS_ACCESS_KEY_ID", KEY_ID)
                    .env("AWS_SECRET_ACCESS_KEY", SECRET).env("BASALT_HOME", home.resolve("data").toString())
                    .directory(work)
                    .run("chat", "--endpoint-url", emulator.endpoint().toString(), "read missing.txt");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).contains("That file does not exist.");
            String second = emulator.recordedCalls().get(1).requestBody();
            assertThat(second).contains("\"status\":\"error\"").contains("missing.txt");
        }
    }

    @Test
    void scriptOutputNamesEachToolCallWithItsIdInputAndOutcome() throws Exception {
        Files.writeString(work.resolve("notes.txt"), "status: draft\nowner: ana\n");
        String script = """
                {"turns": [
                  {"reply": [{"toolUse": {"id": "call-read", "name": "read_file", "input": {"path": "notes.txt"}}},
                             {"toolUse": {"id": "call-missing", "name": "read_file", "input": {"path": "missing.txt"}}},
                             {"toolUse": {"id": "call-write", "name": "write_file", "input": {"path": "notes.txt", "content": "gone"}}}]},
                  {"reply": [{"text": "Read one, the other is missing, and the write was refused."}]}
                ]}""";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (Emulator emulator = emulator(script)) {
            BasaltProcess process = new BasaltProcess(home).env("AWS_ACCESS_KEY_ID", KEY_ID)
                    .env("AWS_SECRET_ACCESS_KEY", SECRET).env("BASALT_HOME", home.resolve("data").toString()).directory(work);

            BasaltProcess.Result whole = process.run("chat", "--endpoint-url", emulator.endpoint().toString(), "--output", "json",
                    "tidy my notes");
            BasaltProcess.Result streamed = process.run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--output", "stream-json", "tidy my notes");

            assertThat(whole.exitCode()).as(whole.stderr()).isZero();
            var calls = new java.util.HashMap<String, com.fasterxml.jackson.databind.JsonNode>();
            json.readTree(whole.stdout()).path("tool_calls").forEach(c -> calls.put(c.path("id").asText(), c));
            assertThat(calls).containsOnlyKeys("call-read", "call-missing", "call-write");
            assertThat(calls.get("call-read").path("name").asText()).isEqualTo("read_file");
            assertThat(calls.get("call-read").path("input").path("path").asText()).isEqualTo("notes.txt");
            assertThat(calls.get("call-read").path("outcome").asText()).isEqualTo("ok");
            assertThat(calls.get("call-read").path("summary").asText()).contains("status: draft").contains("(2 lines)");
            assertThat(calls.get("call-missing").path("outcome").asText()).isEqualTo("error");
            assertThat(calls.get("call-missing").path("error").asText()).contains("missing.txt");
            assertThat(calls.get("call-write").path("outcome").asText()).isEqualTo("refused");
            assertThat(calls.get("call-write").path("input").path("content").asText()).isEqualTo("gone");
            assertThat(calls.get("call-write").path("reason").asText()).contains("--trust-tools");
            assertThat(Files.readString(work.resolve("notes.txt"))).isEqualTo("status: draft\nowner: ana\n");

            assertThat(streamed.exitCode()).as(streamed.stderr()).isZero();
            List<com.fasterxml.jackson.databind.JsonNode> events = new java.util.ArrayList<>();
            for (String line : streamed.stdout().split("\n")) {
                events.add(json.readTree(line));
            }
            assertThat(events.stream().filter(e -> e.path("type").asText().equals("tool_start")))
                    .as("only the calls that run start").extracting(e -> e.path("id").asText()).containsExactlyInAnyOrder(
                            "call-read", "call-missing");
            assertThat(events.stream().filter(e -> e.path("type").asText().equals("tool_start"))
                    .filter(e -> e.path("id").asText().equals("call-missing")).findFirst().orElseThrow()
                    .path("input").path("path").asText()).isEqualTo("missing.txt");
            assertThat(events.stream().filter(e -> e.path("type").asText().equals("tool_end")))
                    .extracting(e -> e.path("id").asText() + " " + e.path("outcome").asText())
                    .containsExactlyInAnyOrder("call-read ok", "call-missing error", "call-write refused");
            assertThat(events.get(events.size() - 1).path("tool_calls")).hasSize(3);
        }
    }
}
