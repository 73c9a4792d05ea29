package dev.basalt.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.basalt.emulator.Emulator;
import dev.basalt.emulator.Guardrail;
import dev.basalt.emulator.ModelReply;
import dev.basalt.emulator.RecordedCall;
import dev.basalt.emulator.ReplyBlock;
import dev.basalt.emulator.ScriptedModel;
import dev.basalt.emulator.TokenUsage;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * `basalt chat` with attachments, extended thinking, guardrails and redacted reasoning: the built jar
 * as a process against the emulator, asserting on what the emulator received.
 */
class ChatFeaturesIT {

    static final String KEY_ID = "AKIDFEATURES";
    static final String SECRET = "features-secret";
    static final ObjectMapper JSON = new ObjectMapper();
    static final byte[] OPAQUE = {0, 1, (byte) 0xFE, (byte) 0xFF, 's', 'e', 'c', 'r', 'e', 't'};

    @TempDir
    Path home;

    @TempDir
    Path work;

    BasaltProcess basalt() {
        return new BasaltProcess(home).directory(work).env("AWS_ACCESS_KEY_ID", KEY_ID).env("AWS_SECRET_ACCESS_KEY", SECRET)
                .env("BASALT_HOME", home.resolve("data").toString());
    }

    Emulator.Builder emulator() {
        return Emulator.builder().port(0).credentials(KEY_ID, SECRET);
    }

    static JsonNode body(RecordedCall call) {
        try {
            return JSON.readTree(call.requestBody());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Path png(String name, int width, int height) throws IOException {
        Path file = work.resolve(name);
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return file;
    }

    static String base64(Path file) throws IOException {
        return Base64.getEncoder().encodeToString(Files.readAllBytes(file));
    }

    // --- attachments ---

    @Test
    void attachedImagesAndDocumentsAreSentBeforeThePromptSavedAndSentAgainOnContinue() throws Exception {
        Path image = png("screen.png", 40, 30);
        Path notes = Files.writeString(work.resolve("notes.md"), "# Notes\n\nthe button is blue\n");
        try (Emulator emulator = emulator().start()) {
            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--attach", "screen.png", "--attach", notes.toString(), "describe");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("describe\n");
            JsonNode content = body(emulator.recordedCalls().get(0)).at("/messages/0/content");
            assertThat(content).hasSize(3);
            assertThat(content.at("/0/image/format").asText()).isEqualTo("png");
            assertThat(content.at("/0/image/source/bytes").asText()).isEqualTo(base64(image));
            assertThat(content.at("/1/document/format").asText()).isEqualTo("md");
            assertThat(content.at("/1/document/name").asText()).isEqualTo("notes");
            assertThat(content.at("/1/document/source/bytes").asText()).isEqualTo(base64(notes));
            assertThat(content.at("/2/text").asText()).isEqualTo("describe");

            // the conversation keeps the bytes, so --continue sends them again as history
            BasaltProcess.Result next = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--continue", "and the button?");
            assertThat(next.exitCode()).as(next.stderr()).isZero();
            JsonNode history = body(emulator.recordedCalls().get(1)).path("messages");
            assertThat(history).hasSize(3);
            assertThat(history.at("/0/content/0/image/source/bytes").asText()).isEqualTo(base64(image));
            assertThat(history.at("/0/content/1/document/source/bytes").asText()).isEqualTo(base64(notes));
        }
        String id = basalt().run("conversations", "list").stdout().substring(0, 8);
        BasaltProcess.Result shown = basalt().run("conversations", "show", id);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.stdout()).contains("_Image: screen.png (png, ").contains("_Document: notes.md (md, 28 bytes)_")
                .contains("describe").contains("and the button?");
        BasaltProcess.Result exported = basalt().run("conversations", "export", id, "--format", "json");
        assertThat(exported.exitCode()).isZero();
        assertThat(exported.stdout()).contains("\"type\" : \"image\"").contains(base64(image));
    }

    @Test
    void anAttachmentThatCannotGoIsOneLineAndNothingIsSentOrSaved() throws Exception {
        Files.write(work.resolve("drawing.bmp"), new byte[] {'B', 'M', 0, 0, 0, 0});
        Files.writeString(work.resolve("fake.png"), "not really a picture");
        png("wide.png", 9000, 2);
        png("small.png", 4, 4);
        try (Emulator emulator = emulator().start()) {
            String endpoint = emulator.endpoint().toString();
            Map<List<String>, String> cases = Map.of(
                    List.of("--attach", "drawing.bmp"), "basalt: cannot attach drawing.bmp: models read images (png, jpeg, gif, webp) "
                            + "and documents (pdf, csv, doc, docx, xls, xlsx, html, txt, md), not this (convert it to one of these, "
                            + "or paste its text into the prompt)",
                    List.of("--attach", "missing.pdf"), "basalt: cannot attach missing.pdf: no such file (check the path)",
                    List.of("--attach", "fake.png"), "basalt: cannot attach fake.png: it is not a PNG, JPEG, GIF or WebP image "
                            + "whatever its name says (convert it to PNG or JPEG)",
                    List.of("--attach", "wide.png"), "basalt: wide.png is 9000x2 px; Bedrock takes images up to 8000 px on each side; "
                            + "nothing was sent (scale it down)",
                    List.of("--model", "titan-text", "--attach", "small.png"), "basalt: Amazon Titan Text Express does not read "
                            + "images (small.png); nothing was sent (use a model with vision, e.g. sonnet (`basalt models` lists them))");
            for (Map.Entry<List<String>, String> c : cases.entrySet()) {
                String[] args = new java.util.ArrayList<String>() { {
                        add("chat");
                        add("--endpoint-url");
                        add(endpoint);
                        addAll(c.getKey());
                        add("describe");
                    } }.toArray(String[]::new);

                BasaltProcess.Result result = basalt().run(args);

                assertThat(result.exitCode()).as(c.getKey().toString()).isEqualTo(ExitCode.USAGE);
                assertThat(result.stdout()).isEmpty();
                assertThat(result.stderrLines()).as(c.getKey().toString()).containsExactly(c.getValue());
            }
            assertThat(emulator.recordedCalls()).isEmpty();
        }
        assertThat(basalt().run("conversations", "list").stdout()).startsWith("No conversations yet");
    }

    // --- thinking ---

    static ModelReply thinkThenCall() {
        return new ModelReply(List.of(new ReplyBlock.Reasoning(List.of("I should ", "list the files."), "sig-think-1"),
                new ReplyBlock.ToolUse("tooluse_1", "list_files", List.of("{}"))), "tool_use", TokenUsage.of(10, 5));
    }

    static ModelReply thinkThenAnswer() {
        return new ModelReply(List.of(new ReplyBlock.Reasoning(List.of("One file: ", "notes.txt."), "sig-think-2"),
                new ReplyBlock.Text(List.of("There is one file."))), "end_turn", TokenUsage.of(10, 5));
    }

    @Test
    void thinkingSendsTheBudgetOnEveryCallKeepsSignedReasoningThroughTheToolLoopAndShowsIt() throws Exception {
        Files.writeString(work.resolve("notes.txt"), "hi\n");
        try (Emulator emulator = emulator().model(ScriptedModel.of(List.of(thinkThenCall(), thinkThenAnswer()))).start()) {
            BasaltProcess.Result result = basalt().env("NO_COLOR", "1").run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--thinking", "2048", "--show-reasoning", "what is here?");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).contains("I should list the files.").contains("One file: notes.txt.")
                    .endsWith("There is one file.\n");
            List<RecordedCall> calls = emulator.recordedCalls();
            assertThat(calls).hasSize(2);
            for (RecordedCall call : calls) {
                JsonNode body = body(call);
                assertThat(body.path("additionalModelRequestFields"))
                        .isEqualTo(JSON.readTree("{\"thinking\":{\"type\":\"enabled\",\"budget_tokens\":2048}}"));
                // no --max-tokens: the model's whole output limit, which the budget fits under
                assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(128000);
            }
            JsonNode assistant = body(calls.get(1)).at("/messages/1/content");
            assertThat(assistant.get(0)).isEqualTo(JSON.readTree("{\"reasoningContent\":{\"reasoningText\":"
                    + "{\"text\":\"I should list the files.\",\"signature\":\"sig-think-1\"}}}"));
            assertThat(assistant.at("/1/toolUse/name").asText()).isEqualTo("list_files");
        }
    }

    @Test
    void withoutShowReasoningTheThinkingIsSentButNotShownAndTheSettingSetsTheBudget() throws Exception {
        assertThat(basalt().run("config", "set", "chat.thinkingBudget", "3000").exitCode()).isZero();
        try (Emulator emulator = emulator().model(ScriptedModel.of(List.of(thinkThenAnswer(), thinkThenAnswer()))).start()) {
            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--max-tokens", "5000", "--no-tools", "count");

            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(result.stdout()).isEqualTo("There is one file.\n");
            JsonNode body = body(emulator.recordedCalls().get(0));
            assertThat(body.at("/additionalModelRequestFields/thinking/budget_tokens").asInt()).isEqualTo(3000);
            assertThat(body.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(5000);

            BasaltProcess.Result off = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--thinking", "off", "--no-tools", "count");
            assertThat(off.exitCode()).as(off.stderr()).isZero();
            assertThat(body(emulator.recordedCalls().get(1)).has("additionalModelRequestFields")).isFalse();
        }
        BasaltProcess.Result bad = basalt().run("config", "set", "chat.thinkingBudget", "lots");
        assertThat(bad.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(bad.stderrLines()).containsExactly("basalt: chat.thinkingBudget takes a number of tokens or off, not lots "
                + "(for example basalt config set chat.thinkingBudget 4096)");
    }

    @Test
    void aModelThatCannotThinkOrABudgetThatDoesNotFitIsOneLineBeforeAnythingIsSent() {
        try (Emulator emulator = emulator().start()) {
            String endpoint = emulator.endpoint().toString();
            BasaltProcess.Result haiku3 = basalt().run("chat", "--endpoint-url", endpoint, "--model", "claude-3-haiku",
                    "--thinking", "2048", "hello");
            assertThat(haiku3.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(haiku3.stderrLines()).singleElement().asString()
                    .startsWith("basalt: Claude 3 Haiku (anthropic.claude-3-haiku-20240307-v1:0) has no extended thinking, "
                            + "so --thinking cannot be used with it (pick a model that thinks: opus, ")
                    .contains("sonnet, ").endsWith("; or drop --thinking)");

            BasaltProcess.Result tight = basalt().run("chat", "--endpoint-url", endpoint, "--thinking", "4096",
                    "--max-tokens", "4096", "hello");
            assertThat(tight.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(tight.stderrLines()).containsExactly("basalt: --max-tokens 4096 must be above the thinking budget 4096 "
                    + "(thinking counts toward the output tokens) (raise --max-tokens above 4096, or lower the budget)");

            BasaltProcess.Result small = basalt().run("chat", "--endpoint-url", endpoint, "--thinking", "100", "hello");
            assertThat(small.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(small.stderrLines()).singleElement().asString().contains("at least 1024 tokens");

            assertThat(emulator.recordedCalls()).isEmpty();
        }
    }

    // --- redacted reasoning ---

    @Test
    void redactedReasoningIsSavedAndSentBackUnchangedWhenTheConversationGoesOn() throws Exception {
        ModelReply redacted = new ModelReply(List.of(new ReplyBlock.Reasoning(List.of("Visible."), "sig-v"),
                new ReplyBlock.RedactedReasoning(OPAQUE), new ReplyBlock.Text(List.of("Answer one."))), "end_turn",
                TokenUsage.of(10, 5));
        try (Emulator emulator = emulator().model(ScriptedModel.of(List.of(redacted))).start()) {
            BasaltProcess.Result first = basalt().env("NO_COLOR", "1").run("chat", "--endpoint-url",
                    emulator.endpoint().toString(), "--thinking", "2048", "--show-reasoning", "--no-tools", "first");
            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(first.stdout()).contains("Visible.").contains("[some reasoning was redacted by the model's safety systems]")
                    .endsWith("Answer one.\n");

            BasaltProcess.Result second = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(),
                    "--continue", "--thinking", "2048", "--no-tools", "second");
            assertThat(second.exitCode()).as(second.stderr()).isZero();
            JsonNode sentBack = body(emulator.recordedCalls().get(1)).at("/messages/1/content");
            assertThat(sentBack).hasSize(3);
            assertThat(sentBack.at("/0/reasoningContent/reasoningText/signature").asText()).isEqualTo("sig-v");
            assertThat(sentBack.at("/1/reasoningContent/redactedContent").asText())
                    .isEqualTo(Base64.getEncoder().encodeToString(OPAQUE));
            assertThat(sentBack.at("/2/text").asText()).isEqualTo("Answer one.");
        }
        String id = basalt().run("conversations", "list").stdout().substring(0, 8);
        BasaltProcess.Result shown = basalt().run("conversations", "show", id);
        assertThat(shown.exitCode()).isZero();
        assertThat(shown.stdout()).contains("Answer one.").contains("second");
    }

    // --- guardrails ---

    @Test
    void theGuardrailGoesWithEveryRequestAndAnInterventionIsOneLineWithTheTraceWhenAsked() throws Exception {
        try (Emulator emulator = emulator().guardrail(new Guardrail("gr-it", "2", List.of("password"))).start()) {
            String endpoint = emulator.endpoint().toString();
            BasaltProcess.Result passed = basalt().run("chat", "--endpoint-url", endpoint, "--guardrail", "gr-it:2", "hello");
            assertThat(passed.exitCode()).as(passed.stderr()).isZero();
            assertThat(passed.stdout()).isEqualTo("hello\n");
            assertThat(passed.stderr()).isEmpty();
            assertThat(body(emulator.recordedCalls().get(0)).path("guardrailConfig")).isEqualTo(JSON.readTree(
                    "{\"guardrailIdentifier\":\"gr-it\",\"guardrailVersion\":\"2\",\"trace\":\"disabled\","
                            + "\"streamProcessingMode\":\"sync\"}"));

            BasaltProcess.Result blocked = basalt().run("chat", "--endpoint-url", endpoint, "--guardrail", "gr-it:2",
                    "what is the password?");
            assertThat(blocked.exitCode()).as(blocked.stderr()).isZero();
            assertThat(blocked.stdout()).isEqualTo(Guardrail.BLOCKED_MESSAGE + "\n");
            assertThat(blocked.stderrLines()).containsExactly("basalt: guardrail gr-it (version 2) intervened: the answer above "
                    + "is its message, not the model's (stop reason guardrail_intervened; --guardrail-trace shows what it assessed)");

            BasaltProcess.Result traced = basalt().run("chat", "--endpoint-url", endpoint, "--guardrail", "gr-it:2",
                    "--guardrail-trace", "what is the password?");
            assertThat(traced.exitCode()).as(traced.stderr()).isZero();
            assertThat(body(emulator.recordedCalls().get(2)).at("/guardrailConfig/trace").asText()).isEqualTo("enabled");
            assertThat(traced.stderrLines()).hasSize(2);
            assertThat(traced.stderrLines().get(0)).startsWith("basalt: guardrail trace: ");
            JsonNode trace = JSON.readTree(traced.stderrLines().get(0).substring("basalt: guardrail trace: ".length()));
            assertThat(trace.at("/inputAssessment/gr-it/wordPolicy/customWords/0/match").asText()).isEqualTo("password");
            assertThat(traced.stderrLines().get(1)).isEqualTo("basalt: guardrail gr-it (version 2) intervened: the answer above "
                    + "is its message, not the model's (stop reason guardrail_intervened)");

            BasaltProcess.Result json = basalt().run("chat", "--endpoint-url", endpoint, "--guardrail", "gr-it:2",
                    "--guardrail-trace", "--output", "json", "the password");
            JsonNode result = JSON.readTree(json.stdout());
            assertThat(result.path("stop_reason").asText()).isEqualTo("guardrail_intervened");
            assertThat(result.at("/guardrail_trace/inputAssessment/gr-it/wordPolicy/customWords/0/action").asText())
                    .isEqualTo("BLOCKED");

            // Only the latest message: a blocked word in the system prompt no longer trips it, one in the message does.
            BasaltProcess.Result inputOnly = basalt().run("chat", "--endpoint-url", endpoint, "--guardrail", "gr-it:2",
                    "--guardrail-input-only", "-s", "Never reveal a password.", "hello");
            assertThat(inputOnly.exitCode()).as(inputOnly.stderr()).isZero();
            assertThat(inputOnly.stdout()).isEqualTo("hello\n");
            JsonNode sent = body(emulator.recordedCalls().get(4));
            assertThat(sent.at("/messages/0/content/0/guardContent/text/text").asText()).isEqualTo("hello");
            BasaltProcess.Result wholeConversation = basalt().run("chat", "--endpoint-url", endpoint, "--guardrail", "gr-it:2",
                    "-s", "Never reveal a password.", "hello");
            assertThat(wholeConversation.stdout()).isEqualTo(Guardrail.BLOCKED_MESSAGE + "\n");
            BasaltProcess.Result stillBlocked = basalt().run("chat", "--endpoint-url", endpoint, "--guardrail", "gr-it:2",
                    "--guardrail-input-only", "what is the password?");
            assertThat(stillBlocked.stdout()).isEqualTo(Guardrail.BLOCKED_MESSAGE + "\n");
            BasaltProcess.Result noGuardrail = basalt().run("chat", "--endpoint-url", endpoint, "--guardrail-input-only", "hi");
            assertThat(noGuardrail.exitCode()).isEqualTo(ExitCode.USAGE);
            assertThat(noGuardrail.stderrLines()).containsExactly("basalt: --guardrail-input-only needs a guardrail"
                    + " (add --guardrail ID[:VERSION], or set chat.guardrail)");
        }
    }

    @Test
    void theGuardrailSettingAppliesAndBadGuardrailsAreOneLine() throws Exception {
        assertThat(basalt().run("config", "set", "chat.guardrail", "gr-set").exitCode()).isZero();
        try (Emulator emulator = emulator().guardrail(new Guardrail("gr-set", "DRAFT", List.of("password"))).start()) {
            BasaltProcess.Result result = basalt().run("chat", "--endpoint-url", emulator.endpoint().toString(), "hi");
            assertThat(result.exitCode()).as(result.stderr()).isZero();
            assertThat(body(emulator.recordedCalls().get(0)).path("guardrailConfig").path("guardrailVersion").asText())
                    .isEqualTo("DRAFT");
        }
        BasaltProcess.Result badSetting = basalt().run("config", "set", "chat.guardrail", "gr-x:latest");
        assertThat(badSetting.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(badSetting.stderrLines()).singleElement().asString()
                .startsWith("basalt: guardrail version 'latest' in chat.guardrail is neither a version number nor DRAFT");

        BasaltProcess.Result traceAlone = basalt().run("config", "unset", "chat.guardrail");
        assertThat(traceAlone.exitCode()).isZero();
        BasaltProcess.Result noGuardrail = basalt().run("chat", "--endpoint-url", "http://127.0.0.1:9", "--guardrail-trace", "hi");
        assertThat(noGuardrail.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(noGuardrail.stderrLines()).containsExactly(
                "basalt: --guardrail-trace needs a guardrail (add --guardrail ID[:VERSION], or set chat.guardrail)");
    }

    // --- the interactive session ---

    @Test
    void attachAndThinkingInTheInteractiveSession() throws Exception {
        assumeTrue(PseudoTerminal.available(), "util-linux script is needed for a pseudo-terminal");
        Path image = png("shot.png", 8, 8);
        try (Emulator emulator = emulator().start();
             PseudoTerminal tty = new PseudoTerminal(home, Map.of("AWS_ACCESS_KEY_ID", KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET,
                     "BASALT_HOME", home.resolve("data").toString(), "NO_COLOR", "1"), work,
                     "chat", "--endpoint-url", emulator.endpoint().toString(), "--no-tools")) {
            int at = tty.await("› ", 0, Duration.ofSeconds(30));

            tty.type("/attach sh\t");   // Tab completes the file name
            at = tty.await("shot.png", at, Duration.ofSeconds(10));
            tty.type("\r");
            at = tty.await("attached shot.png (png, ", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));
            tty.type("/attach nothing.gif\r");
            at = tty.await("basalt: cannot attach nothing.gif: no such file (check the path)", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));
            at = ask(tty, "look at this", at);

            tty.type("/thinking 2048\r");
            at = tty.await("thinking: up to 2048 tokens before each answer, within 128000 output tokens", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));
            at = ask(tty, "think now", at);

            tty.type("/thinking off\r");
            at = tty.await("thinking: off", at, Duration.ofSeconds(10));
            at = tty.await("› ", at, Duration.ofSeconds(10));
            at = ask(tty, "plain again", at);
            Thread.sleep(200);

            tty.type("\u0004");
            assertThat(tty.waitForExit(Duration.ofSeconds(15))).as(tty.screen()).isTrue();
            assertThat(tty.exitCode()).isZero();

            List<RecordedCall> calls = emulator.recordedCalls();
            assertThat(calls).hasSize(3);
            JsonNode first = body(calls.get(0));
            assertThat(first.at("/messages/0/content/0/image/source/bytes").asText()).isEqualTo(base64(image));
            assertThat(first.at("/messages/0/content/1/text").asText()).isEqualTo("look at this");
            assertThat(first.has("additionalModelRequestFields")).isFalse();
            JsonNode second = body(calls.get(1));
            assertThat(second.at("/additionalModelRequestFields/thinking/budget_tokens").asInt()).isEqualTo(2048);
            assertThat(second.at("/inferenceConfig/maxTokens").asInt()).isEqualTo(128000);
            assertThat(second.at("/messages/2/content")).hasSize(1);   // the attachment went with one message only
            JsonNode third = body(calls.get(2));
            assertThat(third.has("additionalModelRequestFields")).isFalse();
            assertThat(third.has("inferenceConfig")).isFalse();
        }
    }

    /** Types a question and waits for its echo after the typed text, then for the next prompt. */
    private static int ask(PseudoTerminal tty, String question, int at) throws Exception {
        tty.type(question + "\r");
        at = tty.await(question, tty.await(question, at, Duration.ofSeconds(10)), Duration.ofSeconds(30));
        return tty.await("› ", at, Duration.ofSeconds(10));
    }
}
