package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.RecordedCall;
import dev.basalt.emulator.ScriptedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Conversations are written as they happen and can be listed, shown, continued, exported and removed. */
class ConversationsIT {

    @TempDir
    Path home;

    BasaltProcess basalt() {
        return new BasaltProcess(home).env("BASALT_HOME", home.resolve("data").toString());
    }

    @Test
    void aChatIsSavedAndCanBeContinued() throws Exception {
        BasaltProcess.Result first = basalt().run("chat", "--local", "first question");
        assertThat(first.exitCode()).as(first.stderr()).isZero();

        List<Path> files;
        try (Stream<Path> s = Files.list(home.resolve("data/conversations"))) {
            files = s.toList();
        }
        assertThat(files).singleElement().satisfies(f -> {
            assertThat(f.getFileName().toString()).matches("[0-9a-f]{8}_\\d{8}T\\d{6}Z\\.jsonl");
            List<String> lines = Files.readAllLines(f);
            assertThat(lines).hasSize(3);
            assertThat(lines.get(0)).contains("\"type\":\"header\"").contains("\"title\":\"first question\"");
        });

        BasaltProcess.Result second = basalt().run("chat", "--local", "--continue", "second question");
        assertThat(second.exitCode()).as(second.stderr()).isZero();
        assertThat(second.stdout()).isEqualTo("second question\n");

        BasaltProcess.Result list = basalt().run("conversations", "list");
        assertThat(list.stdout()).contains("4 msgs").contains("first question");
        String id = list.stdout().substring(0, 8);

        BasaltProcess.Result show = basalt().run("conversations", "show", id);
        assertThat(show.stdout()).contains("# first question").contains("## User\n\nsecond question").contains("## Assistant");

        BasaltProcess.Result rename = basalt().run("conversations", "rename", id, "Renamed", "talk");
        assertThat(rename.exitCode()).isZero();
        assertThat(basalt().run("conversations", "list").stdout()).contains("Renamed talk");

        BasaltProcess.Result json = basalt().run("conversations", "export", id, "--format", "json");
        JsonNode document = new ObjectMapper().readTree(json.stdout());   // one document, not the JSON lines of the log
        assertThat(document.path("id").asText()).isEqualTo(id);
        assertThat(document.path("title").asText()).isEqualTo("Renamed talk");
        assertThat(document.path("model").asText()).isNotEmpty();
        assertThat(document.path("messages")).hasSize(4);
        assertThat(document.path("messages").get(2).path("content").get(0).path("text").asText()).isEqualTo("second question");

        BasaltProcess.Result xml = basalt().run("conversations", "export", id, "--format", "xml");
        assertThat(xml.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(xml.stderrLines()).singleElement().asString().contains("--format must be md or json, not xml");

        assertThat(basalt().run("conversations", "rm", id).exitCode()).isZero();
        assertThat(basalt().run("conversations", "list").stdout()).contains("No conversations yet");
    }

    @Test
    void resumingAnUnknownConversationIsOneLine() {
        BasaltProcess.Result result = basalt().run("chat", "--local", "--resume", "deadbeef", "hi");

        assertThat(result.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(result.stderrLines()).hasSize(1);
        assertThat(result.stderr()).contains("no conversation deadbeef").contains("basalt conversations list");
    }

    @Test
    void jsonOutputIsOneObjectWithTextUsageAndStopReason() {
        BasaltProcess.Result result = basalt().run("chat", "--local", "--output", "json", "structured please");

        assertThat(result.exitCode()).as(result.stderr()).isZero();
        assertThat(result.stdout().lines()).singleElement().asString()
                .startsWith("{\"type\":\"result\",\"text\":\"structured please\",\"stop_reason\":\"end_turn\"")
                .contains("\"usage\":{\"input_tokens\":").contains("\"conversation_id\":\"");
    }

    @Test
    void streamJsonOutputIsOneObjectPerEvent() {
        BasaltProcess.Result result = basalt().run("chat", "--local", "--output", "stream-json", "two words");

        List<String> lines = result.stdout().lines().toList();
        assertThat(lines.get(0)).isEqualTo("{\"type\":\"message_start\"}");
        assertThat(lines).filteredOn(l -> l.startsWith("{\"type\":\"text_delta\"")).hasSizeGreaterThan(1);
        assertThat(lines.get(lines.size() - 1)).startsWith("{\"type\":\"result\"");
    }

    @Test
    void aFileThatIsNotUtf8IsSkippedWithOneLineAndTheRestStillWork() throws Exception {
        assertThat(basalt().run("chat", "--local", "readable").exitCode()).isZero();
        Path broken = home.resolve("data/conversations/0badf11e_20250101T000000Z.jsonl");
        Files.write(broken, new byte[] {'{', '"', (byte) 0xff, (byte) 0xfe, '"', '}', '\n'});

        BasaltProcess.Result list = basalt().run("conversations", "list");
        BasaltProcess.Result continued = basalt().run("chat", "--local", "--continue", "again");

        assertThat(list.exitCode()).as(list.stderr()).isZero();
        assertThat(list.stdout()).contains("readable");
        assertThat(list.stderrLines()).singleElement().asString().contains("skipped " + broken).contains("not UTF-8");
        assertThat(continued.exitCode()).as(continued.stderr()).isZero();
        assertThat(continued.stdout()).isEqualTo("again\n");
    }

    @Test
    void renameWithoutATitleSaysTheUsage() {
        assertThat(basalt().run("chat", "--local", "to rename").exitCode()).isZero();
        String id = basalt().run("conversations", "list").stdout().substring(0, 8);

        BasaltProcess.Result rename = basalt().run("conversations", "rename", id);

        assertThat(rename.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(rename.stderr()).contains("TITLE").doesNotContain("NullPointerException").doesNotContain("unexpected error");
    }

    /** The emulator playing {@code script}, with the keys {@link #scripted()} signs with. */
    private Emulator emulator(String script) throws Exception {
        Path file = home.resolve("script.json");
        Files.writeString(file, script);
        return Emulator.builder().credentials("AKIDCONVERSATIONS", "conversations-secret").model(ScriptedModel.fromFile(file)).start();
    }

    private BasaltProcess scripted() {
        return basalt().env("AWS_ACCESS_KEY_ID", "AKIDCONVERSATIONS").env("AWS_SECRET_ACCESS_KEY", "conversations-secret");
    }

    @Test
    void aShortPromptsTitleGainsTheAnswersFirstHeadingSoReviewsOfDifferentDiffsDiffer() throws Exception {
        String script = """
                {"turns": [{"reply": [{"text": "## Review of the parser change\\n\\nThe null check is missing."}]}]}""";
        try (Emulator emulator = emulator(script)) {
            BasaltProcess.Result review = scripted().runWithStdin("diff --git a/Parser.java b/Parser.java\n+return null;\n",
                    "chat", "--endpoint-url", emulator.endpoint().toString(), "review this");
            assertThat(review.exitCode()).as(review.stderr()).isZero();
        }

        assertThat(basalt().run("conversations", "list").stdout()).contains("review this: Review of the parser change");
        // the header keeps the first prompt, the title line after the answer wins: a kill -9 mid-answer still leaves a title
        try (Stream<Path> s = Files.list(home.resolve("data/conversations"))) {
            List<String> lines = Files.readAllLines(s.findFirst().orElseThrow());
            assertThat(lines.get(0)).contains("\"title\":\"review this\"");
            assertThat(lines.get(lines.size() - 1)).isEqualTo("{\"type\":\"title\",\"title\":\"review this: Review of the parser change\"}");
        }
    }

    @Test
    void aContinuedConversationIsWarnedAt80PercentOfTheWindowAndCompactedAt90() throws Exception {
        // Sonnet 4.6's window is 1,000,000 tokens: 82%, then 92%; the third call is the compaction
        String script = """
                {"turns": [
                  {"reply": [{"text": "First answer."}], "usage": {"inputTokens": 820000, "outputTokens": 10}},
                  {"reply": [{"text": "Second answer."}], "usage": {"inputTokens": 920000, "outputTokens": 10}},
                  {"reply": [{"text": "We talked twice."}]}
                ]}""";
        try (Emulator emulator = emulator(script)) {
            String endpoint = emulator.endpoint().toString();
            BasaltProcess.Result first = scripted().run("chat", "--endpoint-url", endpoint, "first");
            BasaltProcess.Result second = scripted().run("chat", "--endpoint-url", endpoint, "--continue", "second");
            BasaltProcess.Result third = scripted().run("chat", "--endpoint-url", endpoint, "--continue", "third");

            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(first.stderrLines()).containsExactly("(context 82% full; older turns are summarised by themselves at 90%)");
            assertThat(second.stdout()).isEqualTo("Second answer.\n");
            assertThat(second.stderrLines()).containsExactly("(context 92% full: compacting older turns)",
                    "(conversation compacted to a summary)");
            assertThat(third.exitCode()).as(third.stderr()).isZero();
            List<RecordedCall> calls = emulator.recordedCalls();
            // the third question goes with the summary, not with the turns it replaced
            assertThat(calls.get(3).requestBody()).contains("We talked twice.").doesNotContain("First answer.");
        }
    }
}
